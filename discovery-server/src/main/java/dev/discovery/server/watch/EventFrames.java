package dev.discovery.server.watch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.discovery.protocol.InstanceView;
import dev.discovery.protocol.WatchChange;
import dev.discovery.protocol.WatchEvents;
import dev.discovery.protocol.WatchSnapshot;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.registry.RegistryChange;

/**
 * Encodes watch events as Server-Sent Events frames, once per event: the frame of a change is shared by every
 * watcher that receives it. JSON comes from the application's mapper, so a view reads the same as in the REST API.
 */
final class EventFrames {

	/** Sent before anything else: how long EventSource clients wait before reconnecting. */
	static final byte[] RETRY = "retry: 1000\n\n".getBytes(StandardCharsets.UTF_8);

	static final byte[] HEARTBEAT = (":" + WatchEvents.HEARTBEAT_COMMENT + "\n\n").getBytes(StandardCharsets.UTF_8);

	private final JsonMapper mapper;

	private final RegistryEpoch epoch;

	EventFrames(JsonMapper mapper, RegistryEpoch epoch) {
		this.mapper = mapper;
		this.epoch = epoch;
	}

	RegistryEpoch epoch() {
		return this.epoch;
	}

	byte[] snapshot(long index, Map<String, List<InstanceView>> services) {
		return frame(WatchEvents.SNAPSHOT, index, new WatchSnapshot(index, services, this.epoch.id(),
				this.epoch.restored(), this.epoch.warmingUp()));
	}

	byte[] change(RegistryChange change) {
		boolean removal = change.removal();
		WatchChange data = new WatchChange(change.index(), change.kind().name(), change.service(),
				change.instanceId(), removal ? null : change.instance().toView(),
				!removal && change.instance().passing());
		return frame(WatchEvents.CHANGE, change.index(), data);
	}

	byte[] resync(long index) {
		return frame(WatchEvents.RESYNC, index, Map.of("index", index));
	}

	private byte[] frame(String event, long index, Object data) {
		// Jackson escapes line breaks inside strings, so the JSON is one line and one SSE data field.
		String json = this.mapper.writeValueAsString(data);
		return ("event: " + event + "\nid: " + index + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

}
