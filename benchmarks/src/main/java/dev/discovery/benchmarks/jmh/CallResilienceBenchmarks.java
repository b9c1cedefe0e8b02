package dev.discovery.benchmarks.jmh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.loadbalancer.core.RoundRobinLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.util.LinkedMultiValueMap;

import dev.discovery.client.resilience.CallFailure;
import dev.discovery.client.resilience.EjectingServiceInstanceListSupplier;
import dev.discovery.client.resilience.OutcomeLifecycle;
import dev.discovery.client.resilience.OutlierDetector;
import dev.discovery.client.resilience.TriedInstances;

/**
 * What retry and passive ejection add to each load-balanced call, over a service of 10 instances: choosing an
 * instance through Spring Cloud LoadBalancer's round robin with and without the ejecting supplier (and the call's
 * tried-instances context), the detector's filter with none or one instance ejected, and recording an outcome.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallResilienceBenchmarks {

	private static final RequestData REQUEST = new RequestData(HttpMethod.GET,
			java.net.URI.create("http://payment-service/payments/1"), new HttpHeaders(), new LinkedMultiValueMap<>(),
			Map.of());

	private List<ServiceInstance> instances;

	private RoundRobinLoadBalancer plain;

	private RoundRobinLoadBalancer ejecting;

	private OutlierDetector clean;

	private OutlierDetector oneEjected;

	private OutcomeLifecycle lifecycle;

	private CompletionContext<Object, ServiceInstance, Object> success;

	@Setup
	public void setUp() {
		this.instances = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			this.instances.add(new DefaultServiceInstance("payment-" + i, "payment-service", "10.0.0." + i, 8080, false));
		}
		OutlierDetector.Settings settings = new OutlierDetector.Settings(3, Duration.ofMinutes(10),
				Duration.ofMinutes(10), 50);
		this.clean = new OutlierDetector(settings);
		this.oneEjected = new OutlierDetector(settings);
		this.oneEjected.failed(this.instances.get(3), CallFailure.REFUSED);
		ServiceInstanceListSupplier fixed = new Fixed(this.instances);
		this.plain = balancer(fixed);
		this.ejecting = balancer(new EjectingServiceInstanceListSupplier(fixed, this.clean));
		this.lifecycle = new OutcomeLifecycle(this.clean);
		this.success = completion();
	}

	/** LoadBalancer's choice as it comes: round robin over the supplier. */
	@Benchmark
	public Object chooseWithoutResilience() {
		return this.plain.choose(new DefaultRequest<>(new RequestDataContext(REQUEST, "default"))).block();
	}

	/** The same choice through the ejecting supplier, with the context a retrying call carries. */
	@Benchmark
	public Object chooseWithRetryAndEjection() {
		TriedInstances tried = new TriedInstances(REQUEST, "default");
		return this.ejecting.choose(new DefaultRequest<>(tried)).block();
	}

	@Benchmark
	public List<ServiceInstance> filterNoneEjected() {
		return this.clean.available("payment-service", this.instances);
	}

	@Benchmark
	public List<ServiceInstance> filterOneEjected() {
		return this.oneEjected.available("payment-service", this.instances);
	}

	/** What each successful call adds after it returns: the lifecycle records it. */
	@Benchmark
	public void recordSuccess() {
		this.lifecycle.onComplete(this.success);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private CompletionContext<Object, ServiceInstance, Object> completion() {
		ResponseData response = new ResponseData(HttpStatus.OK, new HttpHeaders(), new LinkedMultiValueMap<>(),
				REQUEST);
		return new CompletionContext(CompletionContext.Status.SUCCESS, new DefaultRequest<>(),
				new DefaultResponse(this.instances.get(0)), response);
	}

	private static RoundRobinLoadBalancer balancer(ServiceInstanceListSupplier supplier) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("supplier", supplier));
		return new RoundRobinLoadBalancer(beans.getBeanProvider(ServiceInstanceListSupplier.class), "payment-service");
	}

	/** A supplier of a fixed list, as LoadBalancer's caching supplier hands out its cached one. */
	private record Fixed(List<ServiceInstance> instances) implements ServiceInstanceListSupplier {

		@Override
		public String getServiceId() {
			return "payment-service";
		}

		@Override
		public Flux<List<ServiceInstance>> get() {
			return Flux.just(this.instances);
		}

	}

}
