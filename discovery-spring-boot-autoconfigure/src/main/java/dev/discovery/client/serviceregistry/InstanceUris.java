package dev.discovery.client.serviceregistry;

import java.net.URI;
import java.net.URISyntaxException;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The URI of an instance, for {@link ServiceInstance#getUri()}. Spring Cloud's {@code ServiceInstance.createUri}
 * pastes the host into a string, so an IPv6 address ({@code 2001:db8::5}) gives {@code http://2001:db8::5:8080},
 * a URI without a host; here an IPv6 literal is put in brackets, as Spring Cloud LoadBalancer does when it sends a
 * request to the instance.
 */
public final class InstanceUris {

	private InstanceUris() {
	}

	/**
	 * The instance's {@code http} or {@code https} URI.
	 * @param instance the instance
	 * @return {@code scheme://host:port}, the host in brackets when it is an IPv6 literal
	 */
	public static URI of(ServiceInstance instance) {
		String scheme = instance.isSecure() ? "https" : "http";
		try {
			// This constructor brackets an IPv6 literal host.
			return new URI(scheme, null, instance.getHost(), instance.getPort(), null, null, null);
		}
		catch (URISyntaxException ex) {
			return ServiceInstance.createUri(instance);
		}
	}

}
