package dev.discovery.server.xds;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.XdsRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a client should be sent for its request, given the resources of the type it asked for: nothing while it is up
 * to date.
 */
final class Answers {

	private Answers() {
	}

	/**
	 * The answer a state-of-the-world request deserves now, if any: the named resources that exist (all of them for
	 * a wildcard request) once the client's version is not the current one for those names.
	 * @param resources the resources of the requested type, {@code null} for a type the registry does not serve
	 * @param request the request
	 * @param known names the client has been sent and acknowledged; a request for a further name that exists is
	 * answered at once, whatever its version. {@code null} when only the version counts.
	 * @param resend whether to answer even when nothing changed (Envoy asks for endpoints again after a cluster
	 * change and waits for them)
	 * @return the response, or {@code null} to wait for a change
	 */
	static @Nullable Response stateOfTheWorld(@Nullable ResourceSet resources, XdsRequest request,
			@Nullable Set<String> known, boolean resend) {
		if (resources == null) {
			return null;
		}
		List<String> names = request.getResourceNamesList();
		String version = resources.version(names);
		boolean newName = known != null
				&& names.stream().anyMatch((name) -> !known.contains(name) && resources.contains(name));
		if (!resend && !newName && version.equals(request.getVersionInfo())) {
			return null;
		}
		return Response.create(request, resources.resources(names), version);
	}

	/**
	 * The answer a delta watch deserves now, if any: the resources it subscribed to that the client lacks or holds in
	 * another version, and those the client holds that are gone. A subscribed name that does not exist is not
	 * mentioned until it does.
	 * @param resources the resources of the requested type, {@code null} for a type the registry does not serve
	 * @param watch the watch, with what the client holds
	 * @return the response, or {@code null} to wait for a change
	 */
	static @Nullable DeltaResponse delta(@Nullable ResourceSet resources, DeltaWatch watch) {
		if (resources == null) {
			return null;
		}
		Map<String, String> tracked = watch.trackedResources();
		Set<String> candidates = watch.isWildcard() ? resources.names() : new HashSet<>(tracked.keySet());
		if (!watch.isWildcard()) {
			candidates.addAll(watch.pendingResources());
		}
		Map<String, VersionedResource<?>> changed = new HashMap<>();
		for (String name : candidates) {
			VersionedResource<?> resource = resources.get(name);
			if (resource != null
					&& (watch.pendingResources().contains(name) || !resource.version().equals(tracked.get(name)))) {
				changed.put(name, resource);
			}
		}
		List<String> removed = tracked.keySet().stream().filter((name) -> !resources.contains(name)).toList();
		if (changed.isEmpty() && removed.isEmpty()) {
			return null;
		}
		return DeltaResponse.create(watch.request(), changed, removed, resources.version(List.of()));
	}

}
