package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.StoreUnavailableException;

/**
 * The registry's writes as etcd transactions, each one Raft write at one revision. A call that etcd does not answer
 * within the request timeout throws {@link StoreUnavailableException}.
 */
final class EtcdWrites {

	private final Client client;

	private final EtcdKeys keys;

	private final InstanceCodec codec;

	private final Tombstones tombstones;

	private final LeasePool pool;

	private final Duration timeout;

	EtcdWrites(Client client, EtcdKeys keys, InstanceCodec codec, Duration timeout) {
		this.client = client;
		this.keys = keys;
		this.codec = codec;
		this.tombstones = new Tombstones(client.getLeaseClient());
		this.pool = new LeasePool(client.getLeaseClient());
		this.timeout = timeout;
	}

	/**
	 * Writes a new registration on a new lease (granted ahead when one is ready), replacing any earlier one.
	 * @param instance the instance as registered
	 * @return the revision, and whether the key is new
	 */
	Written register(RegisteredInstance instance) {
		Long pooled = this.pool.take(instance.spec().leaseTtl());
		long lease = (pooled != null) ? pooled
				: call(this.client.getLeaseClient().grant(LeaseSlack.grantSeconds(instance.spec().leaseTtl()))).getID();
		PutResponse put = call(this.client.getKVClient()
			.put(this.keys.instance(instance.service(), instance.id()), bytes(instance),
					PutOption.builder().withLeaseId(lease).withPrevKV().build()));
		if (put.hasPrevKv() && put.getPrevKv().getLease() != 0 && put.getPrevKv().getLease() != lease) {
			// The old lease holds no key any more; revoking it only spares etcd tracking it until it runs out.
			this.client.getLeaseClient().revoke(put.getPrevKv().getLease());
		}
		return new Written(put.getHeader().getRevision(), lease, !put.hasPrevKv());
	}

	/**
	 * Replaces an instance's record if nobody changed it since it was read.
	 * @param updated the new record
	 * @param expected the revision it was read at
	 * @param lease the lease the key is on
	 * @return the revision, or {@code null} if the key changed or went meanwhile
	 */
	@Nullable Written replace(RegisteredInstance updated, long expected, long lease) {
		ByteSequence key = this.keys.instance(updated.service(), updated.id());
		TxnResponse response = call(this.client.getKVClient()
			.txn()
			.If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expected)))
			.Then(Op.put(key, bytes(updated), PutOption.builder().withLeaseId(lease).build()))
			.commit());
		return response.isSucceeded() ? new Written(response.getHeader().getRevision(), lease, false) : null;
	}

	/**
	 * Deletes an instance on purpose, with a tombstone at the same revision so every replica reports a
	 * deregistration rather than an expiry.
	 * @param service the service
	 * @param id the instance id
	 * @param expected the revision the caller saw, or 0 to delete whatever is there
	 * @return the revision of the delete, or {@code null} if there was nothing (or something else) to delete
	 */
	@Nullable Long remove(String service, String id, long expected) {
		ByteSequence key = this.keys.instance(service, id);
		long tombstoneLease = call(this.tombstones);
		Cmp condition = (expected > 0) ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expected))
				: new Cmp(key, Cmp.Op.GREATER, CmpTarget.createRevision(0));
		TxnResponse response = call(this.client.getKVClient()
			.txn()
			.If(condition)
			.Then(Op.put(this.keys.removed(service, id), EtcdKeys.bytes("DEREGISTERED"),
					PutOption.builder().withLeaseId(tombstoneLease).build()), Op.delete(key, DeleteOption.DEFAULT))
			.commit());
		return response.isSucceeded() ? response.getHeader().getRevision() : null;
	}

	/**
	 * Reads an instance key from etcd itself (linearizable), for when the mirror may not have seen it yet.
	 * @param service the service
	 * @param id the instance id
	 * @return the key, or {@code null} if etcd does not hold it
	 */
	@Nullable KeyValue read(String service, String id) {
		var response = call(this.client.getKVClient().get(this.keys.instance(service, id), GetOption.DEFAULT));
		return response.getKvs().isEmpty() ? null : response.getKvs().get(0);
	}

	private ByteSequence bytes(RegisteredInstance instance) {
		return ByteSequence.from(this.codec.encode(instance));
	}

	private long call(Tombstones source) {
		try {
			return source.lease(this.timeout);
		}
		catch (Exception ex) {
			throw unavailable(ex);
		}
	}

	private <T> T call(CompletableFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			future.cancel(true);
			throw unavailable(ex);
		}
	}

	private StoreUnavailableException unavailable(Exception ex) {
		Throwable cause = (ex instanceof ExecutionException && ex.getCause() != null) ? ex.getCause() : ex;
		String why = (cause instanceof TimeoutException) ? "no answer within " + this.timeout : String.valueOf(cause.getMessage());
		return new StoreUnavailableException("etcd is unavailable (" + why + "); the registry is read-only until it is back",
				cause);
	}

	/**
	 * A write's outcome.
	 *
	 * @param revision the revision it produced
	 * @param lease the lease the key is on
	 * @param created whether the key did not exist before
	 */
	record Written(long revision, long lease, boolean created) {
	}

}
