package dev.discovery.server.health;

import java.util.List;
import java.util.Set;

/**
 * The target rules of a registry that binds loopback, as the tests' stub instances on 127.0.0.1 need: the default
 * denied ranges, the registry's own host allowed.
 */
final class LoopbackTargets {

	private LoopbackTargets() {
	}

	static TargetPolicy policy() {
		return new TargetPolicy(List.of(), new HealthCheckProperties.Targets().getDeny(), false, Set::of);
	}

}
