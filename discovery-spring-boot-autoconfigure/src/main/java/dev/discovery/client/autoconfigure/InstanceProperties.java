package dev.discovery.client.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What this instance registers, under {@code discovery.instance}.
 */
public class InstanceProperties {

	/** Service name; defaults to spring.application.name, sanitised to a lower-case DNS label. */
	private @Nullable String serviceName;

	/** Instance id; defaults to service-host-port sanitised to a DNS label. */
	private @Nullable String instanceId;

	/** Host callers should use; by default chosen from the network interfaces (and logged). */
	private @Nullable String host;

	/** Whether to register the IP address rather than the host name. */
	private boolean preferIpAddress;

	/** Port callers should use; defaults to the port the web server really listens on. */
	private @Nullable Integer port;

	/** Whether callers should use TLS. */
	private boolean secure;

	/** Free-form metadata sent with the registration. */
	private Map<String, String> metadata = new LinkedHashMap<>();

	/** Availability zone, for Spring Cloud LoadBalancer's zone preference. */
	private @Nullable String zone;

	/** Relative share of traffic (1-1000), for Spring Cloud LoadBalancer's weighted supplier. */
	private @Nullable Integer weight;

	/** Free-form labels sent with the registration. */
	private List<String> tags = new ArrayList<>();

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public @Nullable String getHost() {
		return this.host;
	}

	public void setHost(@Nullable String host) {
		this.host = host;
	}

	public boolean isPreferIpAddress() {
		return this.preferIpAddress;
	}

	public void setPreferIpAddress(boolean preferIpAddress) {
		this.preferIpAddress = preferIpAddress;
	}

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	public boolean isSecure() {
		return this.secure;
	}

	public void setSecure(boolean secure) {
		this.secure = secure;
	}

	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	public void setMetadata(Map<String, String> metadata) {
		this.metadata = metadata;
	}

	public @Nullable String getZone() {
		return this.zone;
	}

	public void setZone(@Nullable String zone) {
		this.zone = zone;
	}

	public @Nullable Integer getWeight() {
		return this.weight;
	}

	public void setWeight(@Nullable Integer weight) {
		this.weight = weight;
	}

	public List<String> getTags() {
		return this.tags;
	}

	public void setTags(List<String> tags) {
		this.tags = tags;
	}

}
