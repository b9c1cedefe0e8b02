package dev.discovery.server.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateBucketTests {

	/** Two tokens a second on a millisecond clock, at most three held. */
	private final RateBucket.Rate rate = new RateBucket.Rate(2, 1000, 3);

	@Test
	void bucketShouldGiveItsBurstThenRefillAtTheRate() {
		RateBucket bucket = new RateBucket(3, 0);
		for (int i = 0; i < 3; i++) {
			assertThat(bucket.take(0, this.rate)).isZero();
		}
		assertThat(bucket.take(0, this.rate)).as("short of one token").isEqualTo(1);
		assertThat(bucket.take(250, this.rate)).as("half a token refilled").isEqualTo(0.5);
		assertThat(bucket.take(500, this.rate)).isZero();
	}

	@Test
	void clockThatWentBackShouldRefillNothing() {
		RateBucket bucket = new RateBucket(1, 10_000);
		assertThat(bucket.take(10_000, this.rate)).isZero();
		assertThat(bucket.take(5_000, this.rate)).isEqualTo(1);
		assertThat(bucket.take(5_500, this.rate)).as("counts on from the earlier time").isZero();
	}

	@Test
	void debtShouldBePaidOffAtTheRate() {
		RateBucket bucket = new RateBucket(3, 0);
		bucket.charge(100, this.rate);
		assertThat(bucket.take(0, this.rate)).as("at most a burst of debt").isEqualTo(4);
		assertThat(bucket.full(3_000, this.rate)).isTrue();
	}

}
