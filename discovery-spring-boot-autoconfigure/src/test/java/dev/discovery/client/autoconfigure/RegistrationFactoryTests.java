package dev.discovery.client.autoconfigure;

import dev.discovery.client.serviceregistry.DiscoveryRegistration;
import dev.discovery.protocol.HealthCheckType;
import dev.discovery.protocol.InstanceRegistration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationFactoryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RegistryClientAutoConfiguration.class,
				DiscoveryServiceRegistryAutoConfiguration.class))
		.withPropertyValues("server.address=127.0.0.1");

	@Test
	void serviceNameShouldDefaultToTheApplicationNameAsADnsLabel() {
		this.runner.withPropertyValues("spring.application.name=Payment_Service")
			.run((context) -> assertThat(registration(context).getServiceId()).isEqualTo("payment-service"));
	}

	@Test
	void serviceNameShouldBeApplicationWhenNoNameIsSetOrItIsBlank() {
		this.runner.run((context) -> assertThat(registration(context).getServiceId()).isEqualTo("application"));
		this.runner.withPropertyValues("spring.application.name=")
			.run((context) -> assertThat(registration(context).getServiceId()).isEqualTo("application"));
		this.runner.withPropertyValues("spring.application.name=  ", "discovery.instance.service-name=")
			.run((context) -> assertThat(registration(context).getServiceId()).isEqualTo("application"));
		this.runner.withPropertyValues("spring.application.name=payment", "discovery.instance.service-name= ")
			.run((context) -> assertThat(registration(context).getServiceId()).isEqualTo("payment"));
	}

	@Test
	void healthCheckPathShouldBeUnderTheContextPathOnce() {
		WebApplicationContextRunner web = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RegistryClientAutoConfiguration.class,
					DiscoveryServiceRegistryAutoConfiguration.class))
			.withPropertyValues("server.address=127.0.0.1", "server.servlet.context-path=/orders");
		web.run((context) -> assertThat(healthCheckPath(context)).isEqualTo("/orders/health/ready"));
		web.withPropertyValues("discovery.health-check.path=/orders/health/ready")
			.run((context) -> assertThat(healthCheckPath(context)).isEqualTo("/orders/health/ready"));
		web.withPropertyValues("discovery.health-check.path=/ordersx/ready")
			.run((context) -> assertThat(healthCheckPath(context)).isEqualTo("/orders/ordersx/ready"));
		this.runner.withPropertyValues("server.servlet.context-path=/orders")
			.run((context) -> assertThat(healthCheckPath(context)).isEqualTo("/health/ready"));
	}

	private static String healthCheckPath(org.springframework.context.ApplicationContext context) {
		return registration(context).toRequest().healthCheck().path();
	}

	@Test
	void instanceIdShouldDefaultToServiceHostPort() {
		this.runner.withPropertyValues("spring.application.name=payment", "discovery.instance.port=8080")
			.run((context) -> assertThat(registration(context).getInstanceId()).isEqualTo("payment-127-0-0-1-8080"));
	}

	@Test
	void configuredInstanceIdShouldBeSanitised() {
		this.runner.withPropertyValues("discovery.instance.instance-id=Payment.1")
			.run((context) -> assertThat(registration(context).getInstanceId()).isEqualTo("payment-1"));
	}

	@Test
	void hostShouldComeFromServerAddressUnlessConfigured() {
		this.runner.run((context) -> assertThat(registration(context).getHost()).isEqualTo("127.0.0.1"));
		this.runner.withPropertyValues("discovery.instance.host=payments.internal")
			.run((context) -> assertThat(registration(context).getHost()).isEqualTo("payments.internal"));
	}

	@Test
	void springCloudInetUtilsSettingsShouldChooseTheHost() {
		ApplicationContextRunner inetUtils = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class, RegistryClientAutoConfiguration.class,
					DiscoveryServiceRegistryAutoConfiguration.class))
			.withPropertyValues("spring.cloud.inetutils.ignored-interfaces=.*",
					"spring.cloud.inetutils.default-ip-address=10.9.9.9", "discovery.instance.prefer-ip-address=true");
		inetUtils.run((context) -> assertThat(registration(context).getHost()).isEqualTo("10.9.9.9"));
		// Without Spring Cloud's InetUtils bean the same settings still apply.
		inetUtils.withPropertyValues("spring.cloud.util.enabled=false")
			.run((context) -> assertThat(registration(context).getHost()).isEqualTo("10.9.9.9"));
		inetUtils.withPropertyValues("discovery.instance.host=payments.internal")
			.run((context) -> assertThat(registration(context).getHost()).isEqualTo("payments.internal"));
	}

	@Test
	void registrationShouldCarryZoneWeightTagsAndMetadata() {
		this.runner
			.withPropertyValues("discovery.instance.zone=eu-1", "discovery.instance.weight=5",
					"discovery.instance.tags=blue,canary", "discovery.instance.metadata.version=2.1")
			.run((context) -> {
				InstanceRegistration request = registration(context).toRequest();
				assertThat(request.zone()).isEqualTo("eu-1");
				assertThat(request.weight()).isEqualTo(5);
				assertThat(request.tags()).containsExactly("blue", "canary");
				assertThat(request.metadata()).containsEntry("version", "2.1")
					.containsEntry("zone", "eu-1")
					.containsEntry("weight", "5");
			});
	}

	@Test
	void healthCheckShouldPointAtTheReadinessPath() {
		this.runner.run((context) -> {
			InstanceRegistration request = registration(context).toRequest();
			assertThat(request.healthCheck().type()).isEqualTo(HealthCheckType.HTTP);
			assertThat(request.healthCheck().path()).isEqualTo("/health/ready");
			assertThat(request.healthCheck().interval()).isEqualTo("5s");
			assertThat(request.healthCheck().deregisterAfter()).isEqualTo("1m");
			assertThat(request.leaseTtl()).isEqualTo("15s");
		});
	}

	@Test
	void ttlHealthCheckShouldSendNoPath() {
		this.runner.withPropertyValues("discovery.health-check.type=ttl")
			.run((context) -> assertThat(registration(context).toRequest().healthCheck().path()).isNull());
	}

	private static DiscoveryRegistration registration(org.springframework.context.ApplicationContext context) {
		return context.getBean(DiscoveryRegistration.class);
	}

}
