package dev.discovery.client.resilience;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Notes each instance LoadBalancer chose for a call that carries its {@link TriedInstances} in a request attribute
 * (a retry around Spring Cloud Gateway's {@code lb} filter), so that the call's next attempt leaves it out. The
 * starter's own clients note their attempts themselves.
 */
public class AttemptLifecycle implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

	@Override
	public void onStart(Request<Object> request) {
	}

	@Override
	public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
		ServiceInstance chosen = lbResponse.getServer();
		TriedInstances tried = (chosen != null && !(request.getContext() instanceof TriedInstances))
				? TriedInstances.of(request) : null;
		if (tried != null) {
			tried.add(chosen);
		}
	}

	@Override
	public void onComplete(CompletionContext<Object, ServiceInstance, Object> completionContext) {
	}

}
