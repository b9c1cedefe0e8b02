package dev.discovery.client.discovery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.protocol.InstanceView;

final class Views {

	private Views() {
	}

	static InstanceView view(String id, String zone, int weight) {
		Instant now = Instant.now();
		return new InstanceView("payment", id, "10.0.0." + id.length(), 8080, false, Map.of("version", "1"),
				List.of(), zone, weight, InstanceStatus.UP, HealthState.PASSING, null, null, null, "15s", now, now,
				now, 1);
	}

	static InstanceLookup lookup(InstanceView... views) {
		return new InstanceLookup() {

			@Override
			public List<String> services() {
				return List.of("payment");
			}

			@Override
			public List<InstanceView> instances(String service) {
				return service.equals("payment") ? List.of(views) : List.of();
			}

		};
	}

}
