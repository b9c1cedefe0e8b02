package dev.discovery.server.ui;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.discovery.protocol.Headers;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.registry.Registry;

/**
 * {@code GET /api/v1/registry}: the registry's identity, epoch, index and uptime, and the caller's roles, so the
 * dashboard shows actions only to those who may take them.
 */
@RestController
class RegistryInfoController {

	private static final List<String> EVERY_ROLE = List.of("READ", "REGISTER", "ADMIN");

	private final Registry registry;

	private final RegistryEpoch epoch;

	private final Clock clock;

	private final Environment environment;

	private final Instant startedAt;

	private final boolean tokensRequired;

	RegistryInfoController(Registry registry, RegistryEpoch epoch, Clock clock, Environment environment,
			boolean tokensRequired) {
		this.registry = registry;
		this.epoch = epoch;
		this.clock = clock;
		this.environment = environment;
		this.startedAt = clock.instant();
		this.tokensRequired = tokensRequired;
	}

	@GetMapping("/api/v1/registry")
	ResponseEntity<RegistryInfo> registry() {
		long index = this.registry.index();
		Instant now = this.clock.instant();
		RegistryInfo info = new RegistryInfo(this.environment.getProperty("spring.application.name", "discovery"),
				node(), this.environment.getProperty("discovery.server.store", "memory"), this.epoch.id(),
				this.epoch.restored(), this.epoch.warmingUp(), index, this.registry.services().size(),
				this.registry.instanceCount(), now, this.startedAt,
				Math.max(0, Duration.between(this.startedAt, now).toSeconds()), this.tokensRequired, roles());
		return ResponseEntity.ok().header(Headers.INDEX, Long.toString(index)).body(info);
	}

	private List<String> roles() {
		if (!this.tokensRequired) {
			return EVERY_ROLE;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null) {
			return List.of();
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring(5))
			.sorted()
			.toList();
	}

	private String node() {
		String port = this.environment.getProperty("local.server.port", this.environment.getProperty("server.port", "?"));
		try {
			return InetAddress.getLocalHost().getHostName() + ":" + port;
		}
		catch (UnknownHostException ex) {
			return "localhost:" + port;
		}
	}

}
