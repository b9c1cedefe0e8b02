package dev.discovery.client.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final List<String> ejections = new ArrayList<>();

	private final OutlierDetector detector = detector(50);

	private final ServiceInstance a = instance("a");

	private final ServiceInstance b = instance("b");

	private final ServiceInstance c = instance("c");

	private final ServiceInstance d = instance("d");

	@Test
	void refusedConnectionShouldEjectAtOnce() {
		this.detector.failed(this.a, CallFailure.REFUSED);
		assertThat(this.detector.available("pay", List.of(this.a, this.b))).containsExactly(this.b);
		assertThat(this.ejections).containsExactly("a refused 10000");
	}

	@Test
	void failuresInARowShouldEjectOnlyAtTheThreshold() {
		this.detector.failed(this.a, CallFailure.RESET);
		this.detector.failed(this.a, CallFailure.UNAVAILABLE);
		this.detector.succeeded(this.a);
		this.detector.failed(this.a, CallFailure.RESET);
		this.detector.failed(this.a, CallFailure.RESET);
		assertThat(this.detector.ejected(this.a)).isFalse();
		this.detector.failed(this.a, CallFailure.BAD_GATEWAY);
		assertThat(this.detector.ejected(this.a)).isTrue();
		assertThat(this.ejections).containsExactly("a failures 10000");
	}

	@Test
	void ejectedInstanceShouldComeBackWhenItsTimeIsOver() {
		this.detector.failed(this.a, CallFailure.REFUSED);
		advance(Duration.ofMillis(9_999));
		assertThat(this.detector.available("pay", List.of(this.a, this.b))).containsExactly(this.b);
		advance(Duration.ofMillis(1));
		assertThat(this.detector.available("pay", List.of(this.a, this.b))).containsExactly(this.a, this.b);
	}

	@Test
	void ejectionShouldGrowWithEachEjectionUpToTheMaximum() {
		for (int i = 0; i < 5; i++) {
			this.detector.failed(this.a, CallFailure.REFUSED);
			advance(Duration.ofMinutes(1));
		}
		assertThat(this.ejections).containsExactly("a refused 10000", "a refused 20000", "a refused 30000",
				"a refused 40000", "a refused 40000");
	}

	@Test
	void longHealthyStretchShouldForgiveEarlierEjections() {
		this.detector.failed(this.a, CallFailure.REFUSED);
		advance(Duration.ofSeconds(51));
		this.detector.succeeded(this.a);
		this.detector.failed(this.a, CallFailure.REFUSED);
		assertThat(this.ejections).containsExactly("a refused 10000", "a refused 10000");
	}

	@Test
	void failuresWhileEjectedShouldNotExtendTheEjection() {
		this.detector.failed(this.a, CallFailure.REFUSED);
		this.detector.failed(this.a, CallFailure.REFUSED);
		assertThat(this.ejections).hasSize(1);
	}

	@Test
	void lastInstanceShouldNeverBeSkipped() {
		this.detector.failed(this.a, CallFailure.REFUSED);
		assertThat(this.detector.available("pay", List.of(this.a))).containsExactly(this.a);
	}

	@Test
	void ejectedShareShouldStayWithinTheMaximumOfferingThoseBackSoonestFirst() {
		this.detector.failed(this.a, CallFailure.REFUSED);
		advance(Duration.ofSeconds(1));
		this.detector.failed(this.b, CallFailure.REFUSED);
		advance(Duration.ofSeconds(1));
		this.detector.failed(this.c, CallFailure.REFUSED);
		assertThat(this.detector.available("pay", List.of(this.a, this.b, this.c, this.d)))
			.containsExactly(this.a, this.d);
	}

	@Test
	void allInstancesEjectedShouldStillLeaveOne() {
		OutlierDetector everything = detector(100);
		everything.failed(this.a, CallFailure.REFUSED);
		advance(Duration.ofSeconds(1));
		everything.failed(this.b, CallFailure.REFUSED);
		assertThat(everything.available("pay", List.of(this.a, this.b))).containsExactly(this.a);
	}

	@Test
	void retryAfterShouldEjectForAtLeastThatLongWithinTheMaximum() {
		this.detector.backOff(this.a, Duration.ofSeconds(25));
		this.detector.backOff(this.b, Duration.ofHours(1));
		assertThat(this.ejections).containsExactly("a retry-after 25000", "b retry-after 40000");
	}

	@Test
	void servicesShouldBeKeptApart() {
		this.detector.failed(this.a, CallFailure.REFUSED);
		ServiceInstance other = new DefaultServiceInstance("a", "orders", "127.0.0.1", 9000, false);
		assertThat(this.detector.available("orders", List.of(other, this.b))).containsExactly(other, this.b);
	}

	private OutlierDetector detector(int maxPercent) {
		OutlierDetector detector = new OutlierDetector(
				new OutlierDetector.Settings(3, Duration.ofSeconds(10), Duration.ofSeconds(40), maxPercent),
				this.now::get);
		detector.addListener((instance, reason, duration) -> this.ejections
			.add(instance.getInstanceId() + " " + reason + " " + duration.toMillis()));
		return detector;
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

	private static ServiceInstance instance(String id) {
		return new DefaultServiceInstance(id, "pay", "127.0.0.1", 8000 + id.charAt(0), false);
	}

}
