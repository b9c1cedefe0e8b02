package dev.discovery.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Sets {@code discovery.registry.url} above every other property source, {@code discovery.instance.host} to
 * 127.0.0.1 below all of them (a default the application may override), and makes the {@link TestRegistry} a bean.
 * Equal for equal registry properties, so Spring's context cache keeps one application per registry.
 */
final class EmbeddedRegistryContextCustomizer implements ContextCustomizer {

	private final List<String> properties;

	EmbeddedRegistryContextCustomizer(List<String> properties) {
		this.properties = List.copyOf(properties);
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
		TestRegistry registry = EmbeddedRegistries.get(this.properties);
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		sources.addFirst(new MapPropertySource("discoveryTestRegistry", Map.of("discovery.registry.url", registry.url())));
		sources.addLast(
				new MapPropertySource("discoveryTestRegistryDefaults", Map.of("discovery.instance.host", "127.0.0.1")));
		context.getBeanFactory().registerSingleton("discoveryTestRegistry", registry);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof EmbeddedRegistryContextCustomizer customizer)
				&& this.properties.equals(customizer.properties);
	}

	@Override
	public int hashCode() {
		return this.properties.hashCode();
	}

}
