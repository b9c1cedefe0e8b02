package dev.discovery.protocol;

/**
 * The data of a {@code change} watch event: one instance was registered, updated or removed.
 *
 * @param index the registry index of the change; also the event's SSE id
 * @param kind what happened: {@code REGISTERED}, {@code UPDATED}, {@code DEREGISTERED} or {@code EXPIRED}
 * @param service the service name
 * @param instanceId the instance id
 * @param instance the instance after the change, or {@code null} when it was removed
 * @param passing whether the instance belongs to the passing view after the change ({@code false} on removal): a
 * passing-only view puts the instance when {@code true} and removes it when {@code false}
 */
public record WatchChange(long index, String kind, String service, String instanceId, InstanceView instance,
		boolean passing) {

	/**
	 * Whether the instance is gone.
	 * @return {@code true} for {@code DEREGISTERED} and {@code EXPIRED}
	 */
	public boolean removal() {
		return "DEREGISTERED".equals(this.kind) || "EXPIRED".equals(this.kind);
	}

}
