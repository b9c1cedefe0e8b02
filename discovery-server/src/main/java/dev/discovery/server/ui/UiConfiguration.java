package dev.discovery.server.ui;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.security.TokenAuthenticator;

/**
 * The dashboard: its page at {@code /} and {@code /ui/} (assets from {@code classpath:/static/ui/}, no CDN, no build
 * step) and the registry overview it reads.
 */
@Configuration(proxyBeanMethods = false)
class UiConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/").setViewName("forward:/ui/index.html");
		registry.addViewController("/ui").setViewName("forward:/ui/index.html");
		registry.addViewController("/ui/").setViewName("forward:/ui/index.html");
	}

	@Bean
	RegistryInfoController registryInfoController(Registry registry, RegistryEpoch registryEpoch, Clock clock,
			Environment environment, TokenAuthenticator tokenAuthenticator) {
		return new RegistryInfoController(registry, registryEpoch, clock, environment, tokenAuthenticator.enabled());
	}

}
