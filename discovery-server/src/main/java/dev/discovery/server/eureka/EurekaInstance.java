package dev.discovery.server.eureka;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An instance as the Eureka wire format describes it ({@code InstanceInfo}), read from a registration or written in
 * an answer. The JSON and XML codecs translate it; {@link EurekaMapping} maps it to and from the registry's instances.
 *
 * @param instanceId the Eureka instance id ({@code host:app:port} for Spring Cloud clients)
 * @param app the application name, upper case
 * @param hostName the host name callers use
 * @param ipAddr the IP address
 * @param status what the instance reports
 * @param overriddenStatus the operator's override, {@code UNKNOWN} for none
 * @param port the non-secure port
 * @param portEnabled whether the non-secure port is served
 * @param securePort the secure port
 * @param securePortEnabled whether the secure port is served
 * @param vipAddress the virtual host name(s), comma separated
 * @param secureVipAddress the secure virtual host name(s)
 * @param homePageUrl the home page
 * @param statusPageUrl the status page
 * @param healthCheckUrl the health check URL
 * @param secureHealthCheckUrl the secure health check URL
 * @param lease the lease
 * @param metadata the instance's metadata
 * @param lastUpdatedTimestamp when the registry last changed it, epoch milliseconds
 * @param lastDirtyTimestamp when the instance last changed itself, epoch milliseconds
 * @param actionType ADDED, MODIFIED or DELETED in answers, {@code null} in registrations
 */
record EurekaInstance(String instanceId, String app, String hostName, String ipAddr, EurekaStatus status,
		EurekaStatus overriddenStatus, int port, boolean portEnabled, int securePort, boolean securePortEnabled,
		@Nullable String vipAddress, @Nullable String secureVipAddress, @Nullable String homePageUrl,
		@Nullable String statusPageUrl, @Nullable String healthCheckUrl, @Nullable String secureHealthCheckUrl,
		Lease lease, Map<String, String> metadata, long lastUpdatedTimestamp, long lastDirtyTimestamp,
		@Nullable String actionType) {

	/** The data center class Eureka clients expect for instances outside AWS. */
	static final String MY_DATA_CENTER = "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo";

	EurekaInstance {
		metadata = Map.copyOf(metadata);
	}

	/**
	 * A Eureka lease ({@code LeaseInfo}).
	 *
	 * @param renewalIntervalInSecs how often the client renews
	 * @param durationInSecs how long the lease lasts without a renewal
	 * @param registrationTimestamp when the instance registered, epoch milliseconds
	 * @param lastRenewalTimestamp when it last renewed
	 * @param serviceUpTimestamp when it came up
	 */
	record Lease(int renewalIntervalInSecs, int durationInSecs, long registrationTimestamp, long lastRenewalTimestamp,
			long serviceUpTimestamp) {

		/** Eureka's defaults: renew every 30 s, expire after 90 s. */
		static final Lease DEFAULT = new Lease(30, 90, 0, 0, 0);

	}

}
