package dev.discovery.server.propagation;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.PropagationReport;
import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.RegistryChange;

import static org.assertj.core.api.Assertions.assertThat;

class PropagationTrackerTests {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PropagationTracker tracker = tracker(new PropagationProperties());

	@Test
	void aChangeShouldTakeItsTimeToTruthWhenTheLastSubscriberAppliesIt() {
		String fast = this.tracker.opened(Set.of("pay"), 10, "order/o-1", "127.0.0.1");
		String slow = this.tracker.opened(Set.of("pay"), 10, "gateway/g-1", "127.0.0.1");
		change(11, "pay");
		elapse(5);
		this.tracker.applied(fast, 11, Duration.ZERO);
		assertThat(this.tracker.report("pay").timeToTruth().open()).isEqualTo(1);
		elapse(20);
		// Applied 2 ms before the acknowledgement arrived: counted at 23 ms, not 25.
		this.tracker.applied(slow, 11, Duration.ofMillis(2));
		PropagationReport report = this.tracker.report("pay");
		assertThat(report.timeToTruth().open()).isZero();
		assertThat(report.timeToTruth().maxMillis()).isEqualTo(23.0);
		assertThat(report.subscribers()).isEqualTo(2);
		assertThat(this.meters.get("discovery.watch.time.to.truth").tag("service", "pay").timer().count()).isOne();
	}

	@Test
	void aBatchedAcknowledgementShouldTimeEachChangeByItsOwnApplication() {
		String subscriber = this.tracker.opened(Set.of("pay"), 0, "order/o-1", "127.0.0.1");
		change(1, "pay");
		elapse(10);
		change(2, "pay");
		elapse(990);
		// Sent one second after the first change: applied 995 ms and 985 ms before it was sent.
		this.tracker.applied(subscriber,
				Acknowledgement.parse("2", "985ms", "1:995ms", Duration.ofMinutes(5)));
		PropagationReport report = this.tracker.report("pay");
		assertThat(report.timeToTruth().changes()).isEqualTo(2);
		assertThat(report.timeToTruth().maxMillis()).isEqualTo(5.0);
		assertThat(report.timeToTruth().p50Millis()).isEqualTo(5.0);
	}

	@Test
	void anAcknowledgementShouldRefuseWhatItCannotRead() {
		Duration max = Duration.ofMinutes(5);
		assertThat(Acknowledgement.parse("7", null, "5:1ms,6:2ms", max).applied())
			.extracting(Acknowledgement.Applied::index)
			.containsExactly(5L, 6L, 7L);
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Acknowledgement.parse(null, null, null, max));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Acknowledgement.parse("-1", null, null, max));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Acknowledgement.parse("3", "10m", null, max));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Acknowledgement.parse("3", null, "2", max));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Acknowledgement.parse("3", null, "x:1ms", max));
	}

	@Test
	void aStalledSubscriberShouldLagAndRaiseTheFiguresWhileItDoesNotApply() {
		String healthy = this.tracker.opened(Set.of("pay"), 0, "order/o-1", "127.0.0.1");
		String stalled = this.tracker.opened(Set.of("pay"), 0, "frozen/f-1", "127.0.0.2");
		for (int i = 1; i <= 100; i++) {
			change(i, "pay");
			elapse(1);
			this.tracker.applied(healthy, i, Duration.ZERO);
		}
		elapse(5_000);
		PropagationReport report = this.tracker.report("pay");
		assertThat(report.timeToTruth().open()).isEqualTo(100);
		assertThat(report.timeToTruth().p99Millis()).isGreaterThan(5_000.0);
		assertThat(report.lagging()).singleElement().satisfies((lagger) -> {
			assertThat(lagger.watcher()).startsWith("frozen/f-1#");
			assertThat(lagger.address()).isEqualTo("127.0.0.2");
			assertThat(lagger.behind()).isEqualTo(100);
			assertThat(lagger.lagMillis()).isEqualTo(5_100);
			assertThat(lagger.since()).isEqualTo(this.clock.instant().minusMillis(5_100));
		});
		assertThat(this.tracker.laggingCount()).isOne();
		assertThat(this.tracker.appliedBy("pay", 100)).isFalse();
		this.tracker.applied(stalled, 100, Duration.ZERO);
		assertThat(this.tracker.report("pay").lagging()).isEmpty();
		assertThat(this.tracker.appliedBy("pay", 100)).isTrue();
		assertThat(this.tracker.report("pay").timeToTruth().maxMillis()).isEqualTo(5_100.0);
	}

	@Test
	void aSubscriberThatLeavesShouldReleaseItsChangesAtTheirFullAge() {
		String stalled = this.tracker.opened(Set.of("pay"), 0, "frozen", "127.0.0.2");
		change(1, "pay");
		elapse(300);
		this.tracker.closed(stalled);
		PropagationReport report = this.tracker.report("pay");
		assertThat(report.subscribers()).isZero();
		assertThat(report.timeToTruth().open()).isZero();
		assertThat(report.timeToTruth().maxMillis()).isEqualTo(300.0);
		assertThat(this.tracker.applied(stalled, 1, Duration.ZERO)).as("unknown once closed").isFalse();
	}

	@Test
	void onlyTheSubscribersOfAServiceShouldHoldItsChanges() {
		this.tracker.opened(Set.of("cart"), 0, "cart-watcher", "127.0.0.1");
		String all = this.tracker.opened(Set.of(), 0, "everything", "127.0.0.1");
		change(1, "pay");
		assertThat(this.tracker.report("pay").subscribers()).isOne();
		assertThat(this.tracker.appliedBy("pay", 1)).isFalse();
		this.tracker.applied(all, 1, Duration.ZERO);
		assertThat(this.tracker.appliedBy("pay", 1)).isTrue();
		assertThat(this.tracker.report("cart").timeToTruth().changes()).isZero();
	}

	@Test
	void aStreamThatDoesNotAcknowledgeShouldOnlyBeCounted() {
		this.tracker.opened(Set.of("pay"), 0, null, "127.0.0.1");
		change(1, "pay");
		PropagationReport report = this.tracker.report("pay");
		assertThat(report.unacknowledged()).isOne();
		assertThat(report.subscribers()).isZero();
		assertThat(report.timeToTruth().changes()).isZero();
		assertThat(this.tracker.appliedBy("pay", 1)).isTrue();
	}

	@Test
	void aSubscriberThatJoinsLaterShouldNotHoldOlderChanges() {
		String early = this.tracker.opened(Set.of("pay"), 0, "early", "127.0.0.1");
		change(1, "pay");
		this.tracker.opened(Set.of("pay"), 1, "late", "127.0.0.1");
		elapse(4);
		this.tracker.applied(early, 1, Duration.ZERO);
		assertThat(this.tracker.report("pay").timeToTruth().open()).isZero();
	}

	@Test
	void openChangesShouldBeBoundedAndTheOldestCountedAtItsAge() {
		PropagationProperties properties = new PropagationProperties();
		properties.setMaxOpenChanges(3);
		properties.setLagThreshold(Duration.ZERO);
		PropagationTracker bounded = tracker(properties);
		bounded.opened(Set.of("pay"), 0, "frozen", "127.0.0.1");
		for (int i = 1; i <= 5; i++) {
			bounded.onChange(change(i, "pay", i));
			elapse(10);
		}
		PropagationReport report = bounded.report("pay");
		assertThat(report.timeToTruth().open()).isEqualTo(3);
		assertThat(report.timeToTruth().changes()).isEqualTo(5);
	}

	@Test
	void aYoungOpenChangeShouldNotCountBeforeTheLagThreshold() {
		String subscriber = this.tracker.opened(Set.of("pay"), 0, "order/o-1", "127.0.0.1");
		change(1, "pay");
		elapse(500);
		assertThat(this.tracker.report("pay").timeToTruth().changes()).isZero();
		assertThat(this.tracker.report("pay").timeToTruth().open()).isOne();
		assertThat(this.tracker.report("pay").lagging()).isEmpty();
		elapse(2_000);
		assertThat(this.tracker.report("pay").timeToTruth().p99Millis()).isEqualTo(2_500.0);
		assertThat(this.tracker.report("pay").lagging()).hasSize(1);
		this.tracker.applied(subscriber, 1, Duration.ZERO);
		assertThat(this.tracker.report("pay").lagging()).isEmpty();
	}

	@Test
	void samplesShouldLeaveTheWindow() {
		PropagationProperties properties = new PropagationProperties();
		properties.setWindow(Duration.ofSeconds(10));
		PropagationTracker windowed = tracker(properties);
		String subscriber = windowed.opened(Set.of("pay"), 0, "order", "127.0.0.1");
		windowed.onChange(change(1, "pay", 1));
		windowed.applied(subscriber, 1, Duration.ZERO);
		assertThat(windowed.report("pay").timeToTruth().changes()).isOne();
		elapse(11_000);
		assertThat(windowed.report("pay").timeToTruth().changes()).isZero();
		assertThat(windowed.report("pay").timeToTruth().p99Millis()).isNull();
	}

	@Test
	void percentilesShouldTakeTheNearestRank() {
		long[] sorted = new long[100];
		for (int i = 0; i < 100; i++) {
			sorted[i] = i + 1;
		}
		assertThat(PropagationTracker.percentile(sorted, 0.5)).isEqualTo(50);
		assertThat(PropagationTracker.percentile(sorted, 0.99)).isEqualTo(99);
		assertThat(PropagationTracker.percentile(new long[] { 7 }, 0.99)).isEqualTo(7);
	}

	private PropagationTracker tracker(PropagationProperties properties) {
		return new PropagationTracker(properties, new PropagationMeters(this.meters, properties.getWindow()),
				this.clock, this.nanos::get);
	}

	private void change(long index, String service) {
		this.tracker.onChange(change(index, service, index));
	}

	private static RegistryChange change(long index, String service, long id) {
		RegisteredInstance instance = new RegisteredInstance(service, service + "-" + id,
				Registrations.spec("10.0.0.1", 8080), InstanceStatus.UP, HealthState.PASSING, null, null,
				Instant.EPOCH, Instant.EPOCH, index);
		return new RegistryChange(index, RegistryChange.Kind.UPDATED, service, instance.id(), instance);
	}

	private void elapse(long millis) {
		this.nanos.addAndGet(Duration.ofMillis(millis).toNanos());
		this.clock.advance(Duration.ofMillis(millis));
	}

}
