package dev.discovery.server.propagation;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriberIndexTests {

	private final SubscriberIndex index = new SubscriberIndex();

	@Test
	void aServiceShouldHaveTheSubscribersThatNameItThenThoseThatWatchEverything() {
		Subscriber pay = subscriber("a", Set.of("pay", "cart"), 0);
		Subscriber everything = subscriber("b", Set.of(), 0);
		this.index.add(everything);
		this.index.add(pay);
		this.index.add(subscriber("c", Set.of("cart"), 0));
		assertThat(this.index.of("pay")).containsExactly(pay, everything);
		assertThat(this.index.of("stock")).containsExactly(everything);
		assertThat(this.index.namedServices()).containsExactlyInAnyOrder("pay", "cart");
		assertThat(this.index.count()).isEqualTo(3);
	}

	@Test
	void behindShouldCountOnlyTheSubscribersOfTheServiceShortOfTheIndex() {
		this.index.add(subscriber("a", Set.of("pay"), 4));
		this.index.add(subscriber("b", Set.of("pay"), 7));
		this.index.add(subscriber("c", Set.of("cart"), 0));
		assertThat(this.index.behind("pay", 5)).isOne();
		assertThat(this.index.behind("pay", 8)).isEqualTo(2);
		assertThat(this.index.behind("pay", 4)).isZero();
	}

	@Test
	void aRemovedSubscriberShouldLeaveEveryServiceItWatched() {
		Subscriber pay = subscriber("a", Set.of("pay", "cart"), 0);
		this.index.add(pay);
		this.index.add(subscriber("b", Set.of(), 0));
		assertThat(this.index.remove("a")).isSameAs(pay);
		assertThat(this.index.remove("b")).isNotNull();
		assertThat(this.index.of("pay")).isEmpty();
		assertThat(this.index.namedServices()).isEmpty();
		assertThat(this.index.get("a")).isNull();
		assertThat(this.index.count()).isZero();
	}

	@Test
	void aPassiveStreamShouldOnlyBeCountedForTheServicesItWatches() {
		this.index.addPassive("p1", Set.of("pay"));
		this.index.addPassive("p2", Set.of());
		assertThat(this.index.unacknowledged("pay")).isEqualTo(2);
		assertThat(this.index.unacknowledged("cart")).isOne();
		assertThat(this.index.of("pay")).isEmpty();
		assertThat(this.index.count()).isZero();
		assertThat(this.index.remove("p1")).as("passive").isNull();
		assertThat(this.index.unacknowledged("pay")).isOne();
	}

	private static Subscriber subscriber(String id, Set<String> services, long applied) {
		return new Subscriber(id, id + "#1", "127.0.0.1", services, applied);
	}

}
