package dev.discovery.client.serviceregistry;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.discovery.protocol.InstanceRegistration;
import dev.discovery.protocol.InstanceStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.Registration;

/**
 * This application's instance as it registers itself. The port is known only once the web server has started
 * (with {@code server.port=0} it is chosen then), so the default instance id is derived when it is first needed.
 */
public class DiscoveryRegistration implements Registration {

	private final String serviceId;

	private final @Nullable String configuredInstanceId;

	private final InstanceRegistration template;

	private final AtomicInteger port = new AtomicInteger();

	private volatile InstanceStatus status = InstanceStatus.UP;

	/**
	 * Creates a registration.
	 * @param serviceId the service name, a DNS label
	 * @param configuredInstanceId the instance id, or {@code null} for {@code service-host-port}
	 * @param template everything else; a {@code null} port means the web server's port
	 */
	public DiscoveryRegistration(String serviceId, @Nullable String configuredInstanceId,
			InstanceRegistration template) {
		this.serviceId = serviceId;
		this.configuredInstanceId = configuredInstanceId;
		this.template = template;
		if (template.port() != null) {
			this.port.set(template.port());
		}
	}

	/**
	 * Sets the port the web server listens on, unless a port was configured.
	 * @param webServerPort the actual port
	 */
	public void initializePort(int webServerPort) {
		this.port.compareAndSet(0, webServerPort);
	}

	/**
	 * Sets the status sent with every (re-)registration.
	 * @param status the status
	 */
	public void setStatus(InstanceStatus status) {
		this.status = status;
	}

	/**
	 * The status sent with every (re-)registration.
	 * @return the status
	 */
	public InstanceStatus getStatus() {
		return this.status;
	}

	/**
	 * The body of the registration request.
	 * @return the registration with the current port and status
	 */
	public InstanceRegistration toRequest() {
		InstanceRegistration t = this.template;
		return new InstanceRegistration(t.host(), getPort(), t.secure(), t.metadata(), t.tags(), t.zone(), t.weight(),
				t.leaseTtl(), t.healthCheck(), this.status);
	}

	@Override
	public String getInstanceId() {
		if (this.configuredInstanceId != null) {
			return this.configuredInstanceId;
		}
		return DnsLabels.sanitize(this.serviceId + "-" + getHost() + "-" + getPort());
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public String getHost() {
		return this.template.host();
	}

	@Override
	public int getPort() {
		return this.port.get();
	}

	@Override
	public boolean isSecure() {
		return Boolean.TRUE.equals(this.template.secure());
	}

	@Override
	public URI getUri() {
		return InstanceUris.of(this);
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.template.metadata();
	}

	@Override
	public String toString() {
		return this.serviceId + "/" + getInstanceId() + " at " + getHost() + ":" + getPort();
	}

}
