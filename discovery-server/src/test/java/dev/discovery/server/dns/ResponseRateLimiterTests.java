package dev.discovery.server.dns;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseRateLimiterTests {

	private final AtomicLong now = new AtomicLong();

	private final ResponseRateLimiter limiter = new ResponseRateLimiter(10, 20, this.now::get);

	private final InetAddress flooder = address(2);

	private final InetAddress other = address(1);

	@Test
	void addressShouldGetItsBurstThenItsRate() {
		assertThat(take(this.flooder, 30)).isEqualTo(20);
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
		assertThat(take(this.flooder, 30)).isEqualTo(5);
	}

	@Test
	void oneAddressOverItsRateShouldNotLimitAnother() {
		take(this.flooder, 100);
		assertThat(take(this.other, 20)).isEqualTo(20);
	}

	@Test
	void largeAnswersShouldCostInProportionToTheirRecords() {
		assertThat(this.limiter.allow(this.flooder)).isTrue();
		this.limiter.charge(this.flooder, 16 * 40);
		assertThat(this.limiter.allow(this.flooder)).as("in debt").isFalse();
		this.now.addAndGet(TimeUnit.SECONDS.toNanos(3));
		assertThat(this.limiter.allow(this.flooder)).as("the debt is paid off at the rate").isTrue();
	}

	@Test
	void zeroRateShouldLimitNothing() {
		ResponseRateLimiter open = new ResponseRateLimiter(0, 0, this.now::get);
		for (int i = 0; i < 10_000; i++) {
			assertThat(open.allow(this.flooder)).isTrue();
		}
		assertThat(open.tracked()).isZero();
	}

	private int take(InetAddress address, int tries) {
		int allowed = 0;
		for (int i = 0; i < tries; i++) {
			if (this.limiter.allow(address)) {
				allowed++;
			}
		}
		return allowed;
	}

	private static InetAddress address(int last) {
		try {
			return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
