package dev.discovery.server.xds;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions of a resource set: they move exactly when something a client asked for changes.
 */
class ResourceSetTests {

	private final ResourceSet empty = new ResourceSet("e1");

	@Test
	void versionShouldBeTheNewestIndexAmongTheNamesAsked() {
		ResourceSet set = this.empty.with(Map.of("a", cla("a", 1)), Set.of(), 5).with(Map.of("b", cla("b", 1)), Set.of(), 9);
		assertThat(set.version(List.of("a"))).isEqualTo("5.e1");
		assertThat(set.version(List.of("a", "b"))).isEqualTo("9.e1");
		assertThat(set.version(List.of())).as("wildcard").isEqualTo("9.e1");
	}

	@Test
	void anUnchangedResourceShouldKeepItsVersion() {
		ResourceSet set = this.empty.with(Map.of("a", cla("a", 1)), Set.of(), 5);
		assertThat(set.with(Map.of("a", cla("a", 1)), Set.of(), 7)).isSameAs(set);
		assertThat(set.with(Map.of("a", cla("a", 2)), Set.of(), 7).version(List.of("a"))).isEqualTo("7.e1");
	}

	@Test
	void removingANameShouldMoveTheVersionOfThoseWhoAskedForIt() {
		ResourceSet set = this.empty.with(Map.of("a", cla("a", 1), "b", cla("b", 1)), Set.of(), 5);
		ResourceSet removed = set.with(Map.of(), Set.of("b"), 8);
		assertThat(removed.version(List.of("a", "b"))).isEqualTo("8.e1");
		assertThat(removed.version(List.of("a"))).isEqualTo("5.e1");
		assertThat(removed.resources(List.of("a", "b"))).hasSize(1);
	}

	@Test
	void aNameThatAppearsShouldMoveTheVersion() {
		ResourceSet set = this.empty.with(Map.of("a", cla("a", 1)), Set.of(), 5);
		String before = set.version(List.of("a", "c"));
		assertThat(set.with(Map.of("c", cla("c", 1)), Set.of(), 6).version(List.of("a", "c"))).isNotEqualTo(before);
	}

	@Test
	void versionsShouldDifferBetweenRunsOfTheRegistry() {
		ResourceSet earlier = this.empty.with(Map.of("a", cla("a", 1)), Set.of(), 5);
		ResourceSet later = new ResourceSet("e2").with(Map.of("a", cla("a", 2)), Set.of(), 5);
		assertThat(later.version(List.of("a"))).isNotEqualTo(earlier.version(List.of("a")));
	}

	@Test
	void eachUpdateShouldCarryTheIndexOfItsOwnLastChange() {
		ResourceSet set = this.empty.with(Map.of("a", cla("a", 1), "b", cla("b", 1)), Map.of("a", 3L, "b", 7L),
				Set.of(), 9);
		assertThat(set.version(List.of("a"))).isEqualTo("3.e1");
		assertThat(set.version(List.of("b"))).isEqualTo("7.e1");
		assertThat(set.version(List.of())).as("wildcard: the index read").isEqualTo("9.e1");
	}

	@Test
	void manyNamesShouldAllBeKeptAcrossUpdatesThatTouchFewOfThem() {
		Map<String, ClusterLoadAssignment> all = new java.util.HashMap<>();
		for (int i = 0; i < 1000; i++) {
			all.put("s-" + i, cla("s-" + i, 1));
		}
		ResourceSet set = this.empty.with(all, Set.of(), 1).with(Map.of("s-7", cla("s-7", 2)), Set.of("s-8"), 2);
		assertThat(set.size()).isEqualTo(999);
		assertThat(set.names()).hasSize(999).contains("s-0", "s-7", "s-999").doesNotContain("s-8");
		assertThat(set.resources(List.of())).hasSize(999);
		assertThat(set.version(List.of("s-7"))).isEqualTo("2.e1");
		assertThat(set.version(List.of("s-6"))).isEqualTo("1.e1");
		assertThat(set.get("s-8")).isNull();
		assertThat(set.with(Map.of("s-9", cla("s-9", 1)), List.of("s-8", "s-8"), 3)).as("nothing changed").isSameAs(set);
	}

	static ClusterLoadAssignment cla(String name, int weight) {
		return ClusterLoadAssignment.newBuilder()
			.setClusterName(name)
			.addEndpoints(io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints.newBuilder()
				.setLoadBalancingWeight(com.google.protobuf.UInt32Value.of(weight)))
			.build();
	}

}
