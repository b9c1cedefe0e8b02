package dev.discovery.server.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.TaskUtils;

/**
 * What the features share: the registry's clock, the scheduler its background loops run on, and the limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitsProperties.class)
class ServerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean(name = "registryScheduler")
	ThreadPoolTaskScheduler registryScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("registry-");
		scheduler.setDaemon(true);
		// A run that throws is logged and the loop goes on, for every task (Spring's default suppresses only for
		// repeating ones): lease expiry and health checks also catch their own RuntimeExceptions, and
		// RegistrySchedulerTests holds an Error to not end a schedule either.
		scheduler.setErrorHandler(TaskUtils.LOG_AND_SUPPRESS_ERROR_HANDLER);
		scheduler.initialize();
		return scheduler;
	}

}
