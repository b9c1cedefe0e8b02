package dev.discovery.server.eureka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryReads;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * Builds the documents of the Eureka read API from the registry, rendered in the format asked for. The full registry
 * and the delta are kept rendered until the registry's index moves (the delta also for at most a second, as changes
 * leave its window), so polling clients cost a lookup, not a rendering; lease timestamps in them may be as old as
 * the last change, as in Eureka's own response cache.
 */
final class EurekaDocuments {

	private static final long SECOND = 1_000_000_000L;

	private final RegistryReads registry;

	private final DeltaWindow window;

	private final EurekaJson json;

	private final LongSupplier nanoTime;

	private final Map<String, AtomicReference<@Nullable Rendered>> cache = new LinkedHashMap<>();

	EurekaDocuments(RegistryReads registry, DeltaWindow window, EurekaJson json, LongSupplier nanoTime) {
		this.registry = registry;
		this.window = window;
		this.json = json;
		this.nanoTime = nanoTime;
		for (EurekaFormat format : EurekaFormat.values()) {
			this.cache.put("apps" + format, new AtomicReference<>());
			this.cache.put("delta" + format, new AtomicReference<>());
		}
	}

	byte[] applications(EurekaFormat format) {
		return cached("apps", format, 0, () -> {
			long index = this.registry.index();
			List<EurekaInstance> all = eureka(this.registry.allInstances(), (i) -> true);
			return EurekaApplications.of(index, hashCode(all), all);
		});
	}

	/**
	 * The changes of the window: each changed instance once, as it is now, or as it was when it left.
	 */
	byte[] delta(EurekaFormat format) {
		return cached("delta", format, this.nanoTime.getAsLong() / SECOND, () -> {
			long index = this.registry.index();
			List<EurekaInstance> all = eureka(this.registry.allInstances(), (i) -> true);
			Map<String, RegistryChange> latest = new LinkedHashMap<>();
			for (RegistryChange change : this.window.changes()) {
				latest.put(change.service() + '/' + change.instanceId(), change);
			}
			List<EurekaInstance> changed = new ArrayList<>(latest.size());
			for (RegistryChange change : latest.values()) {
				RegisteredInstance current = current(change);
				if (current == null) {
					changed.add(EurekaMapping.toEureka(change.instance(), "DELETED"));
				}
				else {
					changed.add(EurekaMapping.toEureka(current,
							(change.kind() == RegistryChange.Kind.REGISTERED) ? "ADDED" : "MODIFIED"));
				}
			}
			return EurekaApplications.of(index, hashCode(all), changed);
		});
	}

	byte[] application(String service, EurekaFormat format) {
		List<EurekaInstance> instances = eureka(this.registry.instances(service, false), (i) -> true);
		String app = EurekaIds.app(service);
		return (format == EurekaFormat.JSON) ? this.json.write(app, instances) : EurekaXml.write(app, instances);
	}

	byte[] instance(RegisteredInstance instance, EurekaFormat format) {
		EurekaInstance eureka = EurekaMapping.toEureka(instance, "ADDED");
		return (format == EurekaFormat.JSON) ? this.json.write(eureka) : EurekaXml.write(eureka);
	}

	/**
	 * Finds an instance by its Eureka id alone, in whichever service holds it.
	 * @param eurekaId the Eureka id
	 * @return the instance
	 * @throws InstanceNotFoundException if no service holds it
	 */
	RegisteredInstance instanceById(String eurekaId) {
		String id = EurekaIds.instanceId(eurekaId);
		return this.registry.allInstances()
			.stream()
			.filter((instance) -> instance.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new InstanceNotFoundException("*", id));
	}

	/**
	 * The instances whose (secure) virtual host names include one, as {@code /eureka/vips} and {@code /svips}
	 * answer.
	 */
	byte[] vip(String vip, boolean secure, EurekaFormat format) {
		String wanted = vip.toLowerCase(Locale.ROOT);
		List<EurekaInstance> matching = eureka(this.registry.allInstances(), (eureka) -> {
			String names = secure ? eureka.secureVipAddress() : eureka.vipAddress();
			if (names == null) {
				return false;
			}
			for (String name : names.split(",")) {
				if (name.trim().toLowerCase(Locale.ROOT).equals(wanted)) {
					return true;
				}
			}
			return false;
		});
		return render(EurekaApplications.of(this.registry.index(), hashCode(matching), matching), format);
	}

	private @Nullable RegisteredInstance current(RegistryChange change) {
		try {
			return this.registry.instance(change.service(), change.instanceId());
		}
		catch (InstanceNotFoundException | ServiceNotFoundException ex) {
			return null;
		}
	}

	private static List<EurekaInstance> eureka(List<RegisteredInstance> instances, Predicate<EurekaInstance> filter) {
		List<EurekaInstance> result = new ArrayList<>(instances.size());
		for (RegisteredInstance instance : instances) {
			EurekaInstance eureka = EurekaMapping.toEureka(instance, "ADDED");
			if (filter.test(eureka)) {
				result.add(eureka);
			}
		}
		return result;
	}

	private static String hashCode(List<EurekaInstance> instances) {
		return EurekaApplications.hashCode(instances.stream().map(EurekaInstance::status).toList());
	}

	private byte[] render(EurekaApplications apps, EurekaFormat format) {
		return (format == EurekaFormat.JSON) ? this.json.write(apps) : EurekaXml.write(apps);
	}

	private byte[] cached(String document, EurekaFormat format, long epoch,
			java.util.function.Supplier<EurekaApplications> build) {
		AtomicReference<@Nullable Rendered> slot = this.cache.get(document + format);
		long index = this.registry.index();
		Rendered held = slot.get();
		if (held != null && held.index() == index && held.epoch() == epoch) {
			return held.bytes();
		}
		byte[] bytes = render(build.get(), format);
		slot.set(new Rendered(index, epoch, bytes));
		return bytes;
	}

	private record Rendered(long index, long epoch, byte[] bytes) {
	}

}
