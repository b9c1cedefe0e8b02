package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * The reachability probe runs on a schedule that one escaping exception would end for good, leaving the replica
 * stuck as reachable (or read-only) whatever etcd does.
 */
class EtcdReachabilityTests {

	@Test
	void failingRenewalCleanupShouldNeitherEscapeNorStopTheProbe() {
		KV kv = mock(KV.class);
		given(kv.get(any(ByteSequence.class)))
			.willReturn(CompletableFuture.<GetResponse>failedFuture(new IllegalStateException("etcd is down")));
		LeaseRenewals renewals = mock(LeaseRenewals.class);
		willThrow(new IllegalStateException("renewals broke")).given(renewals).abandonUnanswered(any());
		EtcdReachability reachability = new EtcdReachability(kv, new EtcdKeys("/discovery/"), Duration.ofMillis(50),
				renewals, () -> 7);
		for (int i = 0; i < 3; i++) {
			reachability.probe();
		}
		assertThat(reachability.reachable()).isFalse();
	}

	@Test
	void anErrorShouldNeitherEscapeNorStopTheProbe() {
		KV kv = mock(KV.class);
		given(kv.get(any(ByteSequence.class))).willThrow(new OutOfMemoryError("Java heap space (injected)"));
		LeaseRenewals renewals = mock(LeaseRenewals.class);
		willThrow(new OutOfMemoryError("Java heap space (injected)")).given(renewals).abandonUnanswered(any());
		EtcdReachability reachability = new EtcdReachability(kv, new EtcdKeys("/discovery/"), Duration.ofMillis(50),
				renewals, () -> 7);
		for (int i = 0; i < 3; i++) {
			reachability.probe();
		}
		assertThat(reachability.reachable()).isFalse();
	}

}
