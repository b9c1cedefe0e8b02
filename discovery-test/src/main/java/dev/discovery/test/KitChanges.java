package dev.discovery.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;

/**
 * The changes the test kit makes to a registry that outlive a test: makes them and remembers them in order, so that
 * what a test (or a test class) changed can be undone after it.
 */
final class KitChanges {

	private final List<Change> changes = new ArrayList<>();

	private final AtomicLong sequence = new AtomicLong();

	private final RegistryApi api;

	private final RegistryTime time;

	KitChanges(RegistryApi api, RegistryTime time) {
		this.api = api;
		this.time = time;
	}

	/** A point to undo back to. */
	long mark() {
		return this.sequence.get();
	}

	/** Registers a fake; undone by deregistering and stopping it. */
	void register(FakeInstance fake, InstanceRegistration registration) {
		this.api.register(fake.service(), fake.instanceId(), registration);
		add(Kind.FAKE, fake.service(), fake.instanceId(), fake);
	}

	/** Sets an instance {@code OUT_OF_SERVICE}; undone by setting it {@code UP}, if it is still registered. */
	void takeOutOfService(String service, String instanceId) {
		this.api.setStatus(service, instanceId, InstanceStatus.OUT_OF_SERVICE);
		add(Kind.OUT_OF_SERVICE, service, instanceId, null);
	}

	/** Stops renewing an instance's lease as the clock moves; undone by renewing it again. */
	void stopRenewing(String service, String instanceId) {
		if (this.time.stopRenewing(service, instanceId)) {
			add(Kind.UNRENEWED, service, instanceId, null);
		}
	}

	/**
	 * Stops renewing an instance's lease and moves the clock just past its end; undone by renewing it again.
	 * @throws IllegalArgumentException if the registry does not hold the instance
	 */
	void expireLease(String service, String instanceId) {
		InstanceView instance = this.api.instance(service, instanceId);
		if (instance == null) {
			throw new IllegalArgumentException("The registry holds no " + RegistryTime.key(service, instanceId));
		}
		stopRenewing(service, instanceId);
		Duration left = Duration.between(this.time.now(), instance.leaseExpiresAt());
		this.time.advance((left.isNegative() ? Duration.ZERO : left).plusMillis(1));
	}

	private synchronized void add(Kind kind, String service, String instanceId, @Nullable FakeInstance fake) {
		this.changes.add(new Change(this.sequence.incrementAndGet(), kind, service, instanceId, fake));
	}

	/**
	 * Removes the changes made after a mark.
	 * @param mark a value of {@link #mark()}
	 * @return them, newest first
	 */
	private synchronized List<Change> takeSince(long mark) {
		List<Change> taken = new ArrayList<>();
		for (int i = this.changes.size() - 1; i >= 0; i--) {
			if (this.changes.get(i).sequence() > mark) {
				taken.add(this.changes.remove(i));
			}
		}
		return taken;
	}

	/**
	 * Undoes the changes made after a mark, newest first: deregisters and stops the fakes, puts instances taken out
	 * of service back {@code UP}, and renews the leases left to run out.
	 * @param mark a value of {@link #mark()}
	 */
	void undoSince(long mark) {
		for (Change change : takeSince(mark)) {
			undo(change);
		}
	}

	private void undo(Change change) {
		switch (change.kind()) {
			case FAKE -> {
				if (change.fake() != null) {
					change.fake().close();
				}
				this.api.deregister(change.service(), change.instanceId());
			}
			case OUT_OF_SERVICE -> {
				if (this.api.instance(change.service(), change.instanceId()) != null) {
					this.api.setStatus(change.service(), change.instanceId(), InstanceStatus.UP);
				}
			}
			case UNRENEWED -> this.time.resumeRenewing(change.service(), change.instanceId());
		}
	}

	/** What the kit changed. */
	enum Kind {

		/** A fake registered. */
		FAKE,

		/** An instance taken out of service. */
		OUT_OF_SERVICE,

		/** A lease left to run out. */
		UNRENEWED

	}

	/**
	 * One change.
	 *
	 * @param sequence when, in the kit's own order
	 * @param kind what
	 * @param service the service
	 * @param instanceId the instance
	 * @param fake the fake registered, for {@link Kind#FAKE}
	 */
	record Change(long sequence, Kind kind, String service, String instanceId, @Nullable FakeInstance fake) {
	}

}
