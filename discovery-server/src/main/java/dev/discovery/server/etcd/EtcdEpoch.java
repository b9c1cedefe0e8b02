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

	static String readOrCreate(KV kv, EtcdKeys keys, Duration timeout) throws Exception {
		String candidate = UUID.randomUUID().toString();
		TxnResponse response = kv.txn()
			.If(new Cmp(keys.epoch(), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
			.Then(Op.put(keys.epoch(), EtcdKeys.bytes(candidate), PutOption.DEFAULT))
			.Else(Op.get(keys.epoch(), GetOption.DEFAULT))
			.commit()
			.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (response.isSucceeded()) {
			return candidate;
		}
		return response.getGetResponses().get(0).getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
	}

}
