package dev.discovery.server.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import dev.discovery.server.registry.InstanceNotFoundException;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * Answers from the live registry, so a health or status change shows in the very next answer. Only passing
 * instances are listed under a service name; an instance name answers for its instance whatever its state, because
 * it only tells where the instance is, not whether to send it traffic.
 */
final class ServiceAnswers {

	private final Registry registry;

	private final RecordFactory records;

	ServiceAnswers(Registry registry, RecordFactory records) {
		this.registry = registry;
		this.records = records;
	}

	Answer nxDomain() {
		return Answer.nxDomain(this.records.soa(this.registry.index()));
	}

	/**
	 * A name that holds no records but has names below it (an empty non-terminal): NOERROR with no answers.
	 * @return the answer
	 */
	Answer emptyNonTerminal() {
		return noData();
	}

	/**
	 * {@code <service>.instance.<domain>}, the parent of a service's instance names: it exists while the service
	 * has instances.
	 * @param service the service name
	 * @return NOERROR with no answers, or NXDOMAIN if the registry holds no instance of the service
	 */
	Answer instancesOf(String service) {
		try {
			return this.registry.instances(service, false).isEmpty() ? nxDomain() : noData();
		}
		catch (ServiceNotFoundException ex) {
			return nxDomain();
		}
	}

	Answer apex(int type) {
		Record soa = this.records.soa(this.registry.index());
		return (type == Type.SOA) ? Answer.of(List.of(soa), List.of()) : Answer.noData(soa);
	}

	/**
	 * The records of a service's passing instances.
	 * @param owner the name asked for
	 * @param service the service name
	 * @param tag the tag the instances must carry, or {@code null}
	 * @param type the asked type
	 * @return the answer; NXDOMAIN if the service, or its tag, has no instance at all
	 */
	Answer service(Name owner, String service, @Nullable String tag, int type) {
		List<RegisteredInstance> instances;
		try {
			instances = this.registry.instances(service, false);
		}
		catch (ServiceNotFoundException ex) {
			return nxDomain();
		}
		List<RegisteredInstance> named = (tag != null) ? tagged(instances, tag) : instances;
		if (named.isEmpty()) {
			return nxDomain();
		}
		List<RegisteredInstance> passing = new ArrayList<>(named.size());
		named.stream().filter(RegisteredInstance::passing).forEach(passing::add);
		// Shuffled, so clients that take the first record spread their load.
		Collections.shuffle(passing, ThreadLocalRandom.current());
		return switch (type) {
			case Type.A, Type.AAAA -> addresses(owner, passing, type);
			case Type.SRV -> srv(owner, passing);
			default -> noData();
		};
	}

	/**
	 * The address of one instance, or a CNAME to the host name it registered with.
	 * @param owner the name asked for
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param type the asked type
	 * @return the answer; NXDOMAIN if the registry does not hold the instance
	 */
	Answer instance(Name owner, String service, String instanceId, int type) {
		RegisteredInstance instance;
		try {
			instance = this.registry.instance(service, instanceId);
		}
		catch (InstanceNotFoundException ex) {
			return nxDomain();
		}
		InetAddress address = HostAddresses.literal(instance.spec().host());
		if (address == null) {
			return Answer.of(List.of(this.records.cname(owner, instance.spec().host())), List.of());
		}
		return (type == typeOf(address)) ? Answer.of(List.of(this.records.address(owner, address)), List.of())
				: noData();
	}

	private Answer addresses(Name owner, List<RegisteredInstance> passing, int type) {
		// One record per address: instances sharing a host differ only in port, which A records cannot tell.
		Set<InetAddress> addresses = new LinkedHashSet<>();
		for (RegisteredInstance instance : passing) {
			InetAddress address = HostAddresses.literal(instance.spec().host());
			if (address != null && typeOf(address) == type) {
				addresses.add(address);
			}
		}
		if (addresses.isEmpty()) {
			return noData();
		}
		return Answer.of(addresses.stream().map((address) -> this.records.address(owner, address)).toList(), List.of());
	}

	private Answer srv(Name owner, List<RegisteredInstance> passing) {
		if (passing.isEmpty()) {
			return noData();
		}
		List<Record> answers = new ArrayList<>(passing.size());
		List<Record> additional = new ArrayList<>(passing.size());
		for (RegisteredInstance instance : passing) {
			InetAddress address = HostAddresses.literal(instance.spec().host());
			answers.add(this.records.srv(owner, instance, address));
			if (address != null) {
				additional.add(this.records.address(this.records.instanceName(instance), address));
			}
		}
		return Answer.of(answers, additional);
	}

	private Answer noData() {
		return Answer.noData(this.records.soa(this.registry.index()));
	}

	private static int typeOf(InetAddress address) {
		return (address instanceof Inet4Address) ? Type.A : Type.AAAA;
	}

	private static List<RegisteredInstance> tagged(List<RegisteredInstance> instances, String tag) {
		return instances.stream()
			.filter((instance) -> instance.spec().tags().stream().anyMatch(tag::equalsIgnoreCase))
			.toList();
	}

}
