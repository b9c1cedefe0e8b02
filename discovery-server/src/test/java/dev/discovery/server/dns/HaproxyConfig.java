package dev.discovery.server.dns;

/**
 * The HAProxy configuration the README offers users, with the test's ports filled in and short timers.
 */
final class HaproxyConfig {

	private HaproxyConfig() {
	}

	static String render(String nameserver, int frontendPort, int slots) {
		return """
				global
				    maxconn 256

				defaults
				    mode http
				    timeout connect 1s
				    timeout client 5s
				    timeout server 5s
				    retries 2
				    option redispatch 1

				resolvers registry
				    nameserver discovery %s
				    accepted_payload_size 8192
				    resolve_retries 3
				    timeout resolve 500ms
				    timeout retry 500ms
				    hold valid 1s
				    hold obsolete 0s
				    hold nx 1s
				    hold other 1s
				    hold refused 1s
				    hold timeout 1s

				frontend web
				    bind 127.0.0.1:%d
				    default_backend payment

				backend payment
				    balance roundrobin
				    server-template payment %d _payment._tcp.service.discovery resolvers registry init-addr none resolve-prefer ipv4
				""".formatted(nameserver, frontendPort, slots);
	}

}
