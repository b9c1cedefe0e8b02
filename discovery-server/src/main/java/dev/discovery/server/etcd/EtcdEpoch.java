package dev.discovery.server.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

/**
 * The epoch of a registry kept in etcd: the identity of its index space, shared by every replica. The first replica
 * ever started under a prefix creates it with a create-only transaction; every later one reads it, so all replicas
 * answer the same epoch and a client that fails over between them keeps resuming from its index.
 */
final class EtcdEpoch {

	private EtcdEpoch() {
	}

	/**
	 * Reads the registry's epoch, creating it if no replica ever ran under the prefix.
	 * @param kv the etcd KV client
	 * @param keys the key layout
	 * @param timeout how long etcd may take to answer
	 * @return the epoch, and whether this call created it (the registry is new, with nothing to restore)
	 * @throws Exception if etcd did not answer
	 */
	static Found readOrCreate(KV kv, EtcdKeys keys, Duration timeout) throws Exception {
		String candidate = UUID.randomUUID().toString();
		TxnResponse response = kv.txn()
			.If(new Cmp(keys.epoch(), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
			.Then(Op.put(keys.epoch(), EtcdKeys.bytes(candidate), PutOption.DEFAULT))
			.Else(Op.get(keys.epoch(), GetOption.DEFAULT))
			.commit()
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (response.isSucceeded()) {
			return new Found(candidate, true);
		}
		return new Found(response.getGetResponses().get(0).getKvs().get(0).getValue().toString(StandardCharsets.UTF_8),
				false);
	}

	/**
	 * The epoch under a prefix.
	 *
	 * @param id the epoch
	 * @param created whether this replica created it
	 */
	record Found(String id, boolean created) {
	}

}
