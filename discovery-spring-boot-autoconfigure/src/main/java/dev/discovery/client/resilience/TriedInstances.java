package dev.discovery.client.resilience;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.RetryableRequestContext;

/**
 * A load-balancer request context that remembers the instances one call has already tried, so that a retry never
 * goes to the same instance twice. Extends Spring Cloud's retry context, so its suppliers (hints, zone preference,
 * retry awareness) read it as they read their own.
 */
public class TriedInstances extends RetryableRequestContext {

	/**
	 * The request attribute under which a caller that does not choose instances itself (Spring Cloud Gateway's
	 * {@code lb} filter makes its own request context) hands the instances a call has tried to the load balancer.
	 */
	public static final String ATTRIBUTE = TriedInstances.class.getName();

	private final Set<OutlierDetector.Address> tried = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a context for one call.
	 * @param request the call's request data
	 * @param hint the load-balancer hint for the service
	 */
	public TriedInstances(RequestData request, String hint) {
		super(null, request, hint);
	}

	/**
	 * The instances a load-balancer request's call has tried: its context itself, or the one its client request
	 * carries in {@link #ATTRIBUTE}.
	 * @param request the load-balancer request
	 * @return the tried instances, or {@code null} if the call does not track them
	 */
	public static @Nullable TriedInstances of(Request<?> request) {
		Object context = request.getContext();
		if (context instanceof TriedInstances tried) {
			return tried;
		}
		if (context instanceof RequestDataContext data && data.getClientRequest() != null
				&& data.getClientRequest().getAttributes() != null
				&& data.getClientRequest().getAttributes().get(ATTRIBUTE) instanceof TriedInstances tried) {
			return tried;
		}
		return null;
	}

	/**
	 * Notes an instance as tried.
	 * @param instance the instance
	 */
	public void add(ServiceInstance instance) {
		this.tried.add(OutlierDetector.key(instance));
		setPreviousServiceInstance(instance);
	}

	/**
	 * Whether this call has tried an instance.
	 * @param instance the instance
	 * @return {@code true} if it has
	 */
	public boolean contains(ServiceInstance instance) {
		return this.tried.contains(OutlierDetector.key(instance));
	}

	/** How many instances this call has tried. */
	public int size() {
		return this.tried.size();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

}
