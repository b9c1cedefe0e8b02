package dev.discovery.server.protection;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeldInstancesTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	private final HeldInstances held = new HeldInstances();

	@Test
	void anInstanceShouldBeHeldOnceAndKeepItsFirstTime() {
		assertThat(this.held.hold("pay", "p-1", "t", T0)).isTrue();
		assertThat(this.held.hold("pay", "p-1", "t", T0.plusSeconds(5))).isFalse();
		assertThat(this.held.get("pay/p-1").since()).isEqualTo(T0);
		assertThat(this.held.contains("pay/p-1")).isTrue();
		this.held.release("pay/p-1");
		assertThat(this.held.isEmpty()).isTrue();
	}

	@Test
	void holdsAtOrBeforeTheCutoffShouldEndAndBeRememberedAsOutlasted() {
		this.held.hold("pay", "old", "t", T0);
		this.held.hold("pay", "edge", "t", T0.plusSeconds(10));
		this.held.hold("pay", "young", "t", T0.plusSeconds(11));
		assertThat(this.held.outlast(T0.plusSeconds(10))).extracting(HeldInstances.Hold::id)
			.containsExactlyInAnyOrder("old", "edge");
		assertThat(this.held.contains("pay/young")).isTrue();
		assertThat(this.held.contains("pay/old")).isFalse();
		assertThat(this.held.anyOutlasted()).isTrue();
	}

	@Test
	void anOutlastedInstanceShouldBeForgottenOnce() {
		this.held.hold("pay", "p-1", "t", T0);
		this.held.outlast(T0);
		assertThat(this.held.forgetOutlasted("pay/p-1")).isTrue();
		assertThat(this.held.forgetOutlasted("pay/p-1")).isFalse();
		assertThat(this.held.anyOutlasted()).isFalse();
	}

}
