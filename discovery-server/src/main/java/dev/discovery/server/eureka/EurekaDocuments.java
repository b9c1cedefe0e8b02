package dev.discovery.server.eureka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.reads.EncodedList;
import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryChange;
import dev.discovery.server.registry.RegistryReads;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * Builds the documents of the Eureka read API from the registry, rendered in the format asked for. The full registry
 * and the delta are kept rendered until the registry's index moves (the delta also until a change leaves its window),
 * so polling clients cost a lookup, not a rendering; lease timestamps in them may be as old as the last change, as in
 * Eureka's own response cache.
 */
final class EurekaDocuments {

	private final RegistryReads registry;

	private final DeltaWindow window;

	private final EurekaJson json;

	private final Map<String, AtomicReference<@Nullable Rendered>> cache = new LinkedHashMap<>();

	private final AtomicReference<@Nullable HashCode> hashCode = new AtomicReference<>();

	EurekaDocuments(RegistryReads registry, DeltaWindow window, EurekaJson json) {
		this.registry = registry;
		this.window = window;
		this.json = json;
		for (EurekaFormat format : EurekaFormat.values()) {
			this.cache.put("apps" + format, new AtomicReference<>());
			this.cache.put("delta" + format, new AtomicReference<>());
		}
	}

	EncodedList applications(EurekaFormat format) {
		long index = this.registry.index();
		return cached("apps", format, index, 0, () -> {
			List<EurekaInstance> all = eureka(this.registry.allInstances(), (i) -> true);
			return EurekaApplications.of(index, EurekaApplications.hashCode(statuses(all)), all);
		});
	}

	/**
	 * The changes of the window: each changed instance once, as it is now, or as it was when it left. The window's
	 * content is known by the registry index and the index of its oldest change, which is the key it is kept under.
	 */
	EncodedList delta(EurekaFormat format) {
		long index = this.registry.index();
		List<RegistryChange> changes = this.window.changes();
		long oldest = changes.isEmpty() ? -1 : changes.get(0).index();
		return cached("delta", format, index, oldest, () -> {
			Map<String, RegistryChange> latest = new LinkedHashMap<>();
			for (RegistryChange change : changes) {
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
			return EurekaApplications.of(index, appsHashCode(index), changed);
		});
	}

	/** The hash code of the whole registry, kept until the index moves: statuses change only with it. */
	private String appsHashCode(long index) {
		HashCode held = this.hashCode.get();
		if (held != null && held.index() == index) {
			return held.code();
		}
		List<EurekaStatus> statuses = new ArrayList<>();
		for (RegisteredInstance instance : this.registry.allInstances()) {
			statuses.add(EurekaMapping.status(instance));
		}
		String code = EurekaApplications.hashCode(statuses);
		this.hashCode.set(new HashCode(index, code));
		return code;
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
		return render(EurekaApplications.of(this.registry.index(), EurekaApplications.hashCode(statuses(matching)),
				matching), format);
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

	private static List<EurekaStatus> statuses(List<EurekaInstance> instances) {
		return instances.stream().map(EurekaInstance::status).toList();
	}

	private byte[] render(EurekaApplications apps, EurekaFormat format) {
		return (format == EurekaFormat.JSON) ? this.json.write(apps) : EurekaXml.write(apps);
	}

	/**
	 * A rendering kept under its key; one thread renders a missing one while the others wait for it, so a burst of
	 * clients after a change costs one rendering, not one each.
	 */
	private EncodedList cached(String document, EurekaFormat format, long index, long window,
			Supplier<EurekaApplications> build) {
		AtomicReference<@Nullable Rendered> slot = this.cache.get(document + format);
		Rendered held = slot.get();
		if (held != null && held.index() == index && held.window() == window) {
			return held.bytes();
		}
		synchronized (slot) {
			held = slot.get();
			if (held != null && held.index() == index && held.window() == window) {
				return held.bytes();
			}
			EncodedList rendered = EncodedList.of(render(build.get(), format));
			slot.set(new Rendered(index, window, rendered));
			return rendered;
		}
	}

	/** A document and, once a client asks for it, its gzip form: polling clients of a large registry want both. */
	private record Rendered(long index, long window, EncodedList bytes) {
	}

	private record HashCode(long index, String code) {
	}

}
