package dev.discovery.server.eureka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code applications} document: instances grouped by application, with the version and the reconcile hash
 * code a Eureka client checks its copy against after applying a delta.
 *
 * @param versionsDelta the version (the registry index)
 * @param appsHashCode the counts of instances by status, as Eureka computes them
 * @param applications the instances by application name, sorted
 */
record EurekaApplications(long versionsDelta, String appsHashCode, Map<String, List<EurekaInstance>> applications) {

	/**
	 * Groups instances by application.
	 * @param versionsDelta the version
	 * @param appsHashCode the hash code
	 * @param instances the instances
	 * @return the document
	 */
	static EurekaApplications of(long versionsDelta, String appsHashCode, Collection<EurekaInstance> instances) {
		Map<String, List<EurekaInstance>> byApp = new TreeMap<>();
		for (EurekaInstance instance : instances) {
			byApp.computeIfAbsent(instance.app(), (app) -> new ArrayList<>()).add(instance);
		}
		return new EurekaApplications(versionsDelta, appsHashCode, byApp);
	}

	/**
	 * Eureka's reconcile hash code: each status with instances, in name order, followed by its count, such as
	 * {@code DOWN_1_UP_3_}. A client compares it with the hash code of its own copy after applying a delta, and
	 * fetches everything when they differ.
	 * @param statuses the status of every instance
	 * @return the hash code, empty for no instances
	 */
	static String hashCode(Iterable<EurekaStatus> statuses) {
		Map<EurekaStatus, Integer> counts = new EnumMap<>(EurekaStatus.class);
		for (EurekaStatus status : statuses) {
			counts.merge(status, 1, Integer::sum);
		}
		Map<String, Integer> byName = new TreeMap<>();
		counts.forEach((status, count) -> byName.put(status.name(), count));
		StringBuilder code = new StringBuilder();
		byName.forEach((status, count) -> code.append(status).append('_').append(count).append('_'));
		return code.toString();
	}

}
