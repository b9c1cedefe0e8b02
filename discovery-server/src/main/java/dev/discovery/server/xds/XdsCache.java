package dev.discovery.server.xds;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import io.envoyproxy.controlplane.cache.AbstractWatch;
import io.envoyproxy.controlplane.cache.ConfigWatcher;
import io.envoyproxy.controlplane.cache.DeltaResponse;
import io.envoyproxy.controlplane.cache.DeltaWatch;
import io.envoyproxy.controlplane.cache.DeltaXdsRequest;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Response;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.WatchCancelledException;
import io.envoyproxy.controlplane.cache.XdsRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The control plane's answers: java-control-plane's stream handlers ask it for a watch on each request, and it
 * answers at once when the client lacks something or parks the watch until {@link #publish} brings a state that
 * changes what the client asked for.
 * <p>
 * Unlike java-control-plane's {@code SimpleCache}, a state-of-the-world request is answered with the named
 * resources that exist even when others do not (a gRPC client watching an unknown service must not hold back the
 * updates of the others on the same stream, and learns at once that the name does not exist), and a change wakes
 * only the watches whose names it touches.
 */
final class XdsCache implements ConfigWatcher {

	private static final Log logger = LogFactory.getLog(XdsCache.class);

	/** The order in which an ADS client should hear of a change: clusters before their endpoints. */
	private static final List<ResourceType> ORDER = List.of(ResourceType.CLUSTER, ResourceType.ENDPOINT,
			ResourceType.LISTENER, ResourceType.ROUTE);

	/** Taken to swap the state and to open a watch, so no watch misses a state. Never held while sending. */
	private final ReentrantLock lock = new ReentrantLock();

	private final Map<ResourceType, Set<Watch>> watches = new EnumMap<>(ResourceType.class);

	private final Map<ResourceType, Set<DeltaWatch>> deltaWatches = new EnumMap<>(ResourceType.class);

	private volatile XdsState state;

	XdsCache(XdsState initial) {
		this.state = initial;
		for (ResourceType type : ORDER) {
			this.watches.put(type, ConcurrentHashMap.newKeySet());
			this.deltaWatches.put(type, ConcurrentHashMap.newKeySet());
		}
	}

	XdsState state() {
		return this.state;
	}

	@Override
	public Watch createWatch(boolean ads, XdsRequest request, Set<String> knownResourceNames,
			Consumer<Response> responseConsumer, boolean hasClusterChanged,
			boolean allowDefaultEmptyEdsUpdate) {
		Watch watch = new Watch(ads, allowDefaultEmptyEdsUpdate, request, responseConsumer);
		ResourceType type = request.getResourceType();
		if (type == null || !this.watches.containsKey(type)) {
			// Secrets and unknown types: the registry has none, so the watch stays open and is never answered.
			return watch;
		}
		return answerOrPark(this.watches.get(type), watch, (state) -> Answers.stateOfTheWorld(state.of(type), request,
				knownResourceNames, hasClusterChanged && type == ResourceType.ENDPOINT));
	}

	@Override
	public DeltaWatch createDeltaWatch(DeltaXdsRequest request, String requesterVersion,
			Map<String, String> resourceVersions, Set<String> pendingResources, boolean isWildcard,
			Consumer<DeltaResponse> responseConsumer, boolean hasClusterChanged) {
		// The stream handler keeps changing its maps: the watch gets copies.
		DeltaWatch watch = new DeltaWatch(request, Map.copyOf(resourceVersions), Set.copyOf(pendingResources),
				requesterVersion, isWildcard, responseConsumer);
		ResourceType type = request.getResourceType();
		if (type == null || !this.deltaWatches.containsKey(type)) {
			return watch;
		}
		return answerOrPark(this.deltaWatches.get(type), watch, (state) -> Answers.delta(state.of(type), watch));
	}

	/**
	 * Answers a new watch from the current state, or parks it until a state changes what it asked for. The answer is
	 * sent after the lock is released.
	 */
	private <T, W extends AbstractWatch<?, T>> W answerOrPark(Set<W> parked, W watch,
			Function<XdsState, @Nullable T> answer) {
		T response;
		this.lock.lock();
		try {
			response = answer.apply(this.state);
			if (response == null) {
				park(parked, watch);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (response != null) {
			respond(watch, response);
		}
		return watch;
	}

	private static <W extends AbstractWatch<?, ?>> void park(Set<W> parked, W watch) {
		watch.setStop(() -> parked.remove(watch));
		parked.add(watch);
		if (watch.isCancelled()) {
			parked.remove(watch);
		}
	}

	/**
	 * Makes a new state current and answers every parked watch it changes something for, clusters first.
	 * @param next the new state
	 */
	void publish(XdsState next) {
		List<Runnable> answers = new ArrayList<>();
		this.lock.lock();
		try {
			XdsState previous = this.state;
			this.state = next;
			for (ResourceType type : ORDER) {
				ResourceSet resources = next.of(type);
				if (resources == previous.of(type)) {
					continue;
				}
				for (Watch watch : this.watches.get(type)) {
					Response response = Answers.stateOfTheWorld(resources, watch.request(), null, false);
					if (response != null && this.watches.get(type).remove(watch)) {
						answers.add(() -> respond(watch, response));
					}
				}
				for (DeltaWatch watch : this.deltaWatches.get(type)) {
					DeltaResponse response = Answers.delta(resources, watch);
					if (response != null && this.deltaWatches.get(type).remove(watch)) {
						answers.add(() -> respond(watch, response));
					}
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		answers.forEach(Runnable::run);
	}

	/** How many watches wait for a change, for the meters. */
	int parkedWatches() {
		int parked = 0;
		for (ResourceType type : ORDER) {
			parked += this.watches.get(type).size() + this.deltaWatches.get(type).size();
		}
		return parked;
	}

	private static <T> void respond(AbstractWatch<?, T> watch, T response) {
		try {
			watch.respond(response);
		}
		catch (WatchCancelledException ex) {
			// The stream went away or asked again meanwhile: nothing to send.
		}
		catch (RuntimeException ex) {
			// One broken stream must not keep the others from hearing of the change.
			logger.warn("Could not send an xDS response: " + ex, ex);
		}
	}

}
