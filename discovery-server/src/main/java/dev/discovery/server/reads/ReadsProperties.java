package dev.discovery.server.reads;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the instance lists, under {@code discovery.server.reads}.
 */
@ConfigurationProperties("discovery.server.reads")
public class ReadsProperties {

	/**
	 * Whether a compact list leaves out the fields that hold their documented default (service, secure=false,
	 * weight=1, status=UP, health=PASSING) and the metadata's copies of zone and weight. Set to false while starters built before the change still read from the
	 * registry: they read an absent field as an error or as not UP.
	 */
	private boolean omitDefaults = true;

	public boolean isOmitDefaults() {
		return this.omitDefaults;
	}

	public void setOmitDefaults(boolean omitDefaults) {
		this.omitDefaults = omitDefaults;
	}

}
