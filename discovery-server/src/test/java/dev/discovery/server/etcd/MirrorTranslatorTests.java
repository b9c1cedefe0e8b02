package dev.discovery.server.etcd;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchEvent.EventType;
import org.junit.jupiter.api.Test;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.etcd.MirrorListener.Mirrored;
import dev.discovery.server.etcd.MirrorTranslator.Prefix;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registrations;

import static org.assertj.core.api.Assertions.assertThat;

class MirrorTranslatorTests {

	private final EtcdKeys keys = new EtcdKeys("/discovery");

	private final InstanceCodec codec = new InstanceCodec();

	private final List<String> told = new ArrayList<>();

	private final MirrorTranslator translator = new MirrorTranslator(this.keys, this.codec, new Recorder());

	@Test
	void aReadShouldKeepInstancesAndMembersAndLeaveOutWhatItCannotDecode() {
		Prefix prefix = this.translator.read(List.of(instance("pay", "p-1", 3, 3, 77), member("r1", 4),
				kv("/discovery/instances/pay/broken", "not json", 5, 5, 0), kv("/discovery/epoch", "x", 1, 1, 0)));
		assertThat(prefix.instances()).singleElement().satisfies((mirrored) -> {
			assertThat(mirrored.instance().id()).isEqualTo("p-1");
			assertThat(mirrored.instance().index()).isEqualTo(3);
			assertThat(mirrored.lease()).isEqualTo(77);
		});
		assertThat(prefix.members()).containsExactly("r1");
		assertThat(this.told).as("a read touches no state").isEmpty();
		this.translator.reset(5, prefix);
		assertThat(this.told).containsExactly("reset 5 [p-1]", "members [r1]");
	}

	@Test
	void eventsShouldBecomePutsAndRemovalsThatSayWhetherAReplicaMeantThem() {
		long last = this.translator.apply(List.of(put(instance("pay", "p-1", 10, 10, 1)),
				put(instance("pay", "p-1", 10, 11, 1)), delete("/discovery/instances/pay/p-2", 12),
				put(kv("/discovery/removed/pay/p-2", "", 12, 12, 0)), delete("/discovery/instances/pay/p-3", 13)), 9);
		assertThat(last).isEqualTo(13);
		assertThat(this.told).containsExactly("put p-1@10 created", "put p-1@11 updated", "removed p-2@12 deregistered",
				"removed p-3@13 expired");
	}

	@Test
	void eventsAtOrBeforeTheAppliedRevisionShouldBeSkipped() {
		long last = this.translator.apply(List.of(put(instance("pay", "p-1", 5, 5, 1)),
				put(instance("pay", "p-1", 5, 8, 1))), 7);
		assertThat(last).isEqualTo(8);
		assertThat(this.told).containsExactly("put p-1@8 updated");
		assertThat(this.translator.apply(List.of(put(instance("pay", "p-1", 5, 6, 1))), 8)).isEqualTo(8);
		assertThat(this.told).hasSize(1);
	}

	@Test
	void membersShouldBeToldOnlyWhenTheyChange() {
		this.translator.reset(1, new Prefix(List.of(), Set.of("r1")));
		this.told.clear();
		this.translator.apply(List.of(put(member("r1", 2))), 1);
		assertThat(this.told).as("already a member").isEmpty();
		this.translator.apply(List.of(put(member("r2", 3)), delete("/discovery/members/r1", 4)), 2);
		assertThat(this.told).containsExactly("members [r2]");
	}

	private KeyValue instance(String service, String id, long created, long modified, long lease) {
		RegisteredInstance instance = new RegisteredInstance(service, id, Registrations.spec("10.0.0.1", 8080),
				InstanceStatus.UP, HealthState.PASSING, null, null, Instant.EPOCH, Instant.EPOCH, 0);
		return kv("/discovery/instances/" + service + "/" + id, this.codec.encode(instance), created, modified, lease);
	}

	private static KeyValue member(String replica, long revision) {
		return kv("/discovery/members/" + replica, "", revision, revision, 0);
	}

	private static KeyValue kv(String key, String value, long created, long modified, long lease) {
		return kv(key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8), created, modified, lease);
	}

	private static KeyValue kv(String key, byte[] value, long created, long modified, long lease) {
		return new KeyValue(io.etcd.jetcd.api.KeyValue.newBuilder()
			.setKey(ByteString.copyFromUtf8(key))
			.setValue(ByteString.copyFrom(value))
			.setCreateRevision(created)
			.setModRevision(modified)
			.setLease(lease)
			.build(), ByteSequence.EMPTY);
	}

	private static WatchEvent put(KeyValue kv) {
		return new WatchEvent(kv, null, EventType.PUT);
	}

	private static WatchEvent delete(String key, long revision) {
		return new WatchEvent(kv(key, "", 0, revision, 0), null, EventType.DELETE);
	}

	private final class Recorder implements MirrorListener {

		@Override
		public void reset(long revision, List<Mirrored> instances) {
			told.add("reset " + revision + " " + instances.stream().map((m) -> m.instance().id()).toList());
		}

		@Override
		public void put(Mirrored instance, boolean created) {
			told.add("put " + instance.instance().id() + "@" + instance.instance().index() + " "
					+ (created ? "created" : "updated"));
		}

		@Override
		public void removed(String service, String id, long revision, boolean deregistered) {
			told.add("removed " + id + "@" + revision + " " + (deregistered ? "deregistered" : "expired"));
		}

		@Override
		public void members(Set<String> members) {
			told.add("members " + members.stream().sorted().toList());
		}

	}

}
