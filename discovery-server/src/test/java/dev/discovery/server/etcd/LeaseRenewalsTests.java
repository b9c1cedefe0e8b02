package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdExceptionFactory;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.LeaseRevokeResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How heartbeats become renewals on the keep-alive stream, with etcd's answers (or their absence) played by hand; that
 * the renewals keep real leases alive is {@code EtcdMirrorIntegrationTests}' part.
 */
class LeaseRenewalsTests {

	private static final Duration TTL = Duration.ofSeconds(30);

	private final KeepAliveStream stream = new KeepAliveStream();

	private final LeaseRenewals renewals = new LeaseRenewals(this.stream);

	@Test
	void heartbeatsWithinTheSlackShouldPutTheLeaseOnTheStreamOnce() {
		this.renewals.heartbeat(7, TTL);
		this.renewals.heartbeat(7, TTL);
		this.renewals.heartbeat(7, TTL);
		assertThat(this.stream.joined).hasSize(1);
	}

	@Test
	void etcdsAnswerShouldTakeTheLeaseOffTheStream() {
		this.renewals.heartbeat(7, TTL);
		this.stream.joined.get(0).answer(7, 40);
		assertThat(this.stream.joined.get(0).left).isTrue();
		assertThat(this.renewals.renewals()).isEqualTo(1);
		assertThat(this.renewals.pending()).isZero();
		this.renewals.heartbeat(7, TTL);
		assertThat(this.stream.joined).as("renewed within the slack").hasSize(1);
	}

	@Test
	void aRenewalEtcdDoesNotAnswerShouldBeGivenUpSoTheNextHeartbeatAsksAgain() {
		this.renewals.heartbeat(7, TTL);
		this.renewals.abandonUnanswered(Duration.ZERO);
		assertThat(this.stream.joined.get(0).left).isTrue();
		assertThat(this.renewals.failures()).isEqualTo(1);
		this.renewals.heartbeat(7, TTL);
		assertThat(this.stream.joined).hasSize(2);
	}

	@Test
	void aBrokenStreamShouldLetTheNextHeartbeatAskAgain() {
		this.renewals.heartbeat(7, TTL);
		this.stream.joined.get(0).observer.onError(new IllegalStateException("connection reset"));
		assertThat(this.renewals.failures()).isEqualTo(1);
		this.renewals.heartbeat(7, TTL);
		assertThat(this.stream.joined).hasSize(2);
	}

	@Test
	void aLeaseEtcdNoLongerHasShouldNotCountAsAFailedRenewal() {
		this.renewals.heartbeat(7, TTL);
		this.stream.joined.get(0).observer
			.onError(EtcdExceptionFactory.newEtcdException(ErrorCode.NOT_FOUND, "requested lease not found"));
		assertThat(this.renewals.failures()).isZero();
		assertThat(this.renewals.pending()).isZero();
	}

	@Test
	void aForgottenLeaseShouldLeaveTheStream() {
		this.renewals.heartbeat(7, TTL);
		this.renewals.forget(7);
		assertThat(this.stream.joined.get(0).left).isTrue();
		assertThat(this.renewals.pending()).isZero();
	}

	@Test
	void atMostAWindowOfLeasesShouldBeOnTheStreamAndTheNextShouldJoinAsEtcdAnswers() {
		int asked = LeaseRenewals.WINDOW + 5;
		for (long lease = 1; lease <= asked; lease++) {
			this.renewals.heartbeat(lease, TTL);
		}
		assertThat(this.stream.joined).as("on the stream").hasSize(LeaseRenewals.WINDOW);
		assertThat(this.renewals.waiting()).isEqualTo(5);
		assertThat(this.renewals.pending()).isEqualTo(asked);
		this.stream.joined.get(0).answer(1, 40);
		assertThat(this.stream.joined).as("the oldest waiting one took its place").hasSize(LeaseRenewals.WINDOW + 1);
		assertThat(this.renewals.waiting()).isEqualTo(4);
		this.renewals.heartbeat(LeaseRenewals.WINDOW + 1, TTL);
		assertThat(this.stream.joined).as("asked within the slack").hasSize(LeaseRenewals.WINDOW + 1);
	}

	@Test
	void aRenewalThatWaitedAQuarterOfItsSlackShouldJoinTheStreamWhateverIsOnIt() throws InterruptedException {
		for (long lease = 1; lease <= LeaseRenewals.WINDOW; lease++) {
			this.renewals.heartbeat(lease, TTL);
		}
		// A 3 s TTL has a second of slack: it waits at most a quarter of it.
		this.renewals.heartbeat(5000, Duration.ofSeconds(3));
		assertThat(this.stream.joined).hasSize(LeaseRenewals.WINDOW);
		Thread.sleep(300);
		this.renewals.abandonUnanswered(Duration.ofMinutes(1));
		assertThat(this.stream.joined).hasSize(LeaseRenewals.WINDOW + 1);
		assertThat(this.renewals.waiting()).isZero();
		assertThat(this.renewals.failures()).isZero();
	}

	@Test
	void aForgottenLeaseWaitingForRoomShouldNeverJoinTheStream() {
		for (long lease = 1; lease <= LeaseRenewals.WINDOW + 1; lease++) {
			this.renewals.heartbeat(lease, TTL);
		}
		this.renewals.forget(LeaseRenewals.WINDOW + 1);
		assertThat(this.renewals.waiting()).isZero();
		this.stream.joined.get(0).answer(1, 40);
		assertThat(this.stream.joined).hasSize(LeaseRenewals.WINDOW);
		assertThat(this.renewals.pending()).isEqualTo(LeaseRenewals.WINDOW - 1);
	}

	@Test
	void aRenewalWaitingOnTheStreamOfALeaderThatMovedShouldJoinTheNewLeadersStream() {
		KeepAliveStream leader = new KeepAliveStream();
		LeaseRenewals following = renewedThenLeaderMoved(leader);
		assertThat(following.failures()).isZero();
		assertThat(leader.joined).as("sent again on the new stream").hasSize(1);
		leader.joined.get(0).answer(7, 40);
		assertThat(following.renewals()).isEqualTo(1);
		assertThat(following.pending()).isZero();
	}

	@Test
	void aRenewalTheNewLeaderDoesNotAnswerEitherShouldBeGivenUp() {
		KeepAliveStream leader = new KeepAliveStream();
		LeaseRenewals following = renewedThenLeaderMoved(leader);
		leader.joined.get(0).observer.onError(new IllegalStateException("connection reset"));
		assertThat(following.failures()).isEqualTo(1);
		assertThat(following.pending()).isZero();
		following.heartbeat(7, TTL);
		assertThat(leader.joined).as("the next heartbeat asks again").hasSize(2);
	}

	/** Lease 7 renewed on this test's stream, then the leader moves to another and the old client is closed. */
	private LeaseRenewals renewedThenLeaderMoved(KeepAliveStream leader) {
		AtomicReference<Lease> current = new AtomicReference<>(this.stream);
		LeaseRenewals following = new LeaseRenewals(current::get);
		following.heartbeat(7, TTL);
		current.set(leader);
		// jetcd fails what waited on the closed client's stream.
		this.stream.joined.get(0).observer.onError(new IllegalStateException("the client is closed"));
		return following;
	}

	/** jetcd's keep-alive stream as {@link LeaseRenewals} uses it: leases join and leave; answers come by hand. */
	private static final class KeepAliveStream implements Lease {

		final List<Joined> joined = new ArrayList<>();

		@Override
		public CloseableClient keepAlive(long leaseId, StreamObserver<LeaseKeepAliveResponse> observer) {
			Joined lease = new Joined(observer);
			this.joined.add(lease);
			return new CloseableClient() {

				@Override
				public void close() {
					lease.left = true;
				}

			};
		}

		@Override
		public CompletableFuture<LeaseGrantResponse> grant(long ttl) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<LeaseGrantResponse> grant(long ttl, long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<LeaseRevokeResponse> revoke(long leaseId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<LeaseKeepAliveResponse> keepAliveOnce(long leaseId) {
			throw new UnsupportedOperationException("renewals go over the keep-alive stream");
		}

		@Override
		public CompletableFuture<LeaseTimeToLiveResponse> timeToLive(long leaseId, LeaseOption leaseOption) {
			throw new UnsupportedOperationException();
		}

	}

	private static final class Joined {

		final StreamObserver<LeaseKeepAliveResponse> observer;

		volatile boolean left;

		Joined(StreamObserver<LeaseKeepAliveResponse> observer) {
			this.observer = observer;
		}

		void answer(long lease, long ttl) {
			this.observer.onNext(new LeaseKeepAliveResponse(
					io.etcd.jetcd.api.LeaseKeepAliveResponse.newBuilder().setID(lease).setTTL(ttl).build()));
		}

	}

}
