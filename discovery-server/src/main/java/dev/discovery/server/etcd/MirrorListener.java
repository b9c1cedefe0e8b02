package dev.discovery.server.etcd;

import java.util.List;
import java.util.Set;

import dev.discovery.server.registry.RegisteredInstance;

/**
 * Applies what the mirror reads from etcd to a replica's local read structures. Called on one thread at a time, in
 * revision order.
 */
interface MirrorListener {

	/**
	 * The whole prefix as of one revision: at start, and again after etcd compacted away revisions the mirror had
	 * not seen. Instances not in the list are gone; the difference is published as changes at that revision.
	 * @param revision the revision of the read
	 * @param instances every instance
	 */
	void reset(long revision, List<Mirrored> instances);

	/**
	 * An instance key was written.
	 * @param instance the instance, its index the revision of the write, and its lease
	 * @param created whether the key did not exist before (a registration rather than an update)
	 */
	void put(Mirrored instance, boolean created);

	/**
	 * An instance key was deleted.
	 * @param service the service
	 * @param id the instance id
	 * @param revision the revision of the delete
	 * @param deregistered whether a replica removed it on purpose; otherwise etcd expired its lease
	 */
	void removed(String service, String id, long revision, boolean deregistered);

	/**
	 * The live replicas changed.
	 * @param members the ids of every replica with a membership key
	 */
	void members(Set<String> members);

	/**
	 * An instance as etcd holds it.
	 *
	 * @param instance the instance
	 * @param lease the etcd lease its key is attached to
	 */
	record Mirrored(RegisteredInstance instance, long lease) {
	}

}
