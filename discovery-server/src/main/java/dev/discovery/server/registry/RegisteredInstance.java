package dev.discovery.server.registry;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.discovery.protocol.Durations;
import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.LeaseView;

/**
 * An instance held by the registry. Immutable: every change, a heartbeat included, replaces it.
 *
 * @param service the service name
 * @param id the instance id
 * @param spec what the instance registered with
 * @param status what the instance says about itself
 * @param health what the registry observed
 * @param healthOutput the last check's output
 * @param lastCheckAt when the registry last checked the instance
 * @param registeredAt when it (re-)registered
 * @param lastHeartbeat when its lease was last renewed
 * @param index the registry index of its last change
 */
public record RegisteredInstance(String service, String id, InstanceSpec spec, InstanceStatus status,
		HealthState health, @Nullable String healthOutput, @Nullable Instant lastCheckAt, Instant registeredAt,
		Instant lastHeartbeat, long index) {

	/**
	 * A newly registered instance. A re-registration replaces everything: the health of the instance that was
	 * there before may not hold for what registers now.
	 * @param service the service name
	 * @param id the instance id
	 * @param spec what it registered with
	 * @param now the registration time, which starts the lease
	 * @param index the change index of the registration
	 * @return the instance
	 */
	public static RegisteredInstance registered(String service, String id, InstanceSpec spec, Instant now, long index) {
		return new RegisteredInstance(service, id, spec, spec.status(), HealthState.PASSING, null, null, now, now,
				index);
	}

	/**
	 * When the lease ends without another heartbeat.
	 * @return the expiry time
	 */
	public Instant leaseExpiresAt() {
		return this.lastHeartbeat.plus(this.spec.leaseTtl());
	}

	/**
	 * Whether the lease has run out.
	 * @param now the current time
	 * @return {@code true} once the expiry time has passed
	 */
	public boolean expired(Instant now) {
		return now.isAfter(leaseExpiresAt());
	}

	/**
	 * Whether callers should be sent to this instance.
	 * @return {@code true} if it is {@code UP} and not {@code CRITICAL}
	 */
	public boolean passing() {
		return this.status == InstanceStatus.UP && this.health != HealthState.CRITICAL;
	}

	/**
	 * This instance with its lease renewed.
	 * @param now the renewal time
	 * @return the renewed instance
	 */
	public RegisteredInstance renewed(Instant now) {
		return new RegisteredInstance(this.service, this.id, this.spec, this.status, this.health, this.healthOutput,
				this.lastCheckAt, this.registeredAt, now, this.index);
	}

	/**
	 * This instance with another status.
	 * @param newStatus the status
	 * @param newIndex the index of the change
	 * @return the changed instance
	 */
	public RegisteredInstance withStatus(InstanceStatus newStatus, long newIndex) {
		return new RegisteredInstance(this.service, this.id, this.spec, newStatus, this.health, this.healthOutput,
				this.lastCheckAt, this.registeredAt, this.lastHeartbeat, newIndex);
	}

	/**
	 * This instance with the outcome of a check.
	 * @param newHealth the health state
	 * @param output what the check saw
	 * @param checkedAt when
	 * @param newIndex the index of the change (its own index when the state did not change)
	 * @return the changed instance
	 */
	public RegisteredInstance withHealth(HealthState newHealth, @Nullable String output, Instant checkedAt,
			long newIndex) {
		return new RegisteredInstance(this.service, this.id, this.spec, this.status, newHealth, output, checkedAt,
				this.registeredAt, this.lastHeartbeat, newIndex);
	}

	/**
	 * The wire form of the lease, the answer to a heartbeat.
	 * @return the lease view
	 */
	public LeaseView toLeaseView() {
		return new LeaseView(this.service, this.id, this.status, this.health, this.lastHeartbeat, leaseExpiresAt(),
				this.index);
	}

	/**
	 * The wire form.
	 * @return the view of this instance
	 */
	public InstanceView toView() {
		InstanceSpec s = this.spec;
		return new InstanceView(this.service, this.id, s.host(), s.port(), s.secure(), s.metadata(), s.tags(),
				s.zone(), s.weight(), this.status, this.health, this.healthOutput, this.lastCheckAt, s.healthCheck(),
				Durations.format(s.leaseTtl()), this.registeredAt, this.lastHeartbeat, leaseExpiresAt(), this.index);
	}

}
