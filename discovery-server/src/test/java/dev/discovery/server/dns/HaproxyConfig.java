package dev.discovery.server.dns;

/**
 * The HAProxy configuration the README offers users, verbatim; the tests run it with their own ports filled in.
 */
final class HaproxyConfig {

	/** The README's configuration, character for character. */
	static final String README = """
			global
			    maxconn 4096

			defaults
			    mode http
			    timeout connect 2s
			    timeout client 30s
			    timeout server 30s
			    retries 2
			    option redispatch 1

			resolvers registry
			    # TCP: answers of any size (HAProxy does not retry truncated UDP answers over TCP)
			    nameserver discovery tcp@127.0.0.1:8600
			    accepted_payload_size 8192
			    resolve_retries 3
			    timeout resolve 1s
			    timeout retry 1s
			    hold valid 1s
			    # drop an instance as soon as it leaves the answer
			    hold obsolete 0s
			    hold nx 5s
			    # keep the last good servers while the registry itself is unreachable
			    hold other 30s
			    hold refused 30s
			    hold timeout 30s

			frontend web
			    bind :8080
			    default_backend payment

			backend payment
			    balance roundrobin
			    # as many slots as the service may have instances; spare ones stay in maintenance
			    server-template payment 20 _payment-service._tcp.service.discovery resolvers registry init-addr none resolve-prefer ipv4
			""";

	private HaproxyConfig() {
	}

	/**
	 * The README's configuration with the test's addresses.
	 * @param nameserver the registry's DNS address, {@code tcp@127.0.0.1:<port>} or {@code 127.0.0.1:<port>}
	 * @param frontendPort where HAProxy listens
	 * @param slots how many servers the template makes
	 * @return the configuration
	 */
	static String render(String nameserver, int frontendPort, int slots) {
		return README.replace("nameserver discovery tcp@127.0.0.1:8600", "nameserver discovery " + nameserver)
			.replace("bind :8080", "bind 127.0.0.1:" + frontendPort)
			.replace("server-template payment 20 ", "server-template payment " + slots + " ");
	}

}
