package dev.discovery.server.eureka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * Eureka's XML, the format its server answers in when a client does not ask for JSON: the same documents as
 * {@link EurekaJson}, with ports as {@code <port enabled="true">8080</port>}. Registrations are parsed with DTDs
 * and external entities refused.
 */
final class EurekaXml {

	private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");

	/**
	 * Deepest nesting of elements a registration may have; an instance document needs 4. Reading the text of a
	 * deeper one recurses once per level and would run out of stack.
	 */
	static final int MAX_DEPTH = 32;

	private EurekaXml() {
	}

	static EurekaInstance readInstance(byte[] body) {
		Element root;
		try {
			root = parser().parse(new ByteArrayInputStream(body)).getDocumentElement();
		}
		catch (SAXException | IOException ex) {
			throw EurekaJson.invalid("body", "is not well-formed XML (DTDs are not accepted, nor elements nested "
					+ "deeper than " + MAX_DEPTH + ")");
		}
		if (!"instance".equals(root.getTagName())) {
			throw EurekaJson.invalid("instance", "an <instance> document is required");
		}
		return EurekaReader.read(new Fields(root));
	}

	private static DocumentBuilder parser() {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			factory.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", MAX_DEPTH);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			return builder;
		}
		catch (ParserConfigurationException ex) {
			throw new IllegalStateException("The JDK's XML parser does not support secure processing", ex);
		}
	}

	static byte[] write(EurekaInstance instance) {
		StringBuilder out = header();
		instance(out, instance);
		return bytes(out);
	}

	static byte[] write(String app, List<EurekaInstance> instances) {
		StringBuilder out = header();
		application(out, app, instances);
		return bytes(out);
	}

	static byte[] write(EurekaApplications apps) {
		StringBuilder out = header().append("<applications>");
		element(out, "versions__delta", Long.toString(apps.versionsDelta()));
		element(out, "apps__hashcode", apps.appsHashCode());
		apps.applications().forEach((app, instances) -> application(out, app, instances));
		return bytes(out.append("</applications>"));
	}

	private static StringBuilder header() {
		return new StringBuilder(512).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
	}

	private static byte[] bytes(StringBuilder out) {
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void application(StringBuilder out, String app, List<EurekaInstance> instances) {
		out.append("<application>");
		element(out, "name", app);
		instances.forEach((instance) -> instance(out, instance));
		out.append("</application>");
	}

	private static void instance(StringBuilder out, EurekaInstance i) {
		out.append("<instance>");
		element(out, "instanceId", i.instanceId());
		element(out, "hostName", i.hostName());
		element(out, "app", i.app());
		element(out, "ipAddr", i.ipAddr());
		element(out, "status", i.status().name());
		element(out, "overriddenstatus", i.overriddenStatus().name());
		out.append("<port enabled=\"").append(i.portEnabled()).append("\">").append(i.port()).append("</port>");
		out.append("<securePort enabled=\"").append(i.securePortEnabled()).append("\">").append(i.securePort())
			.append("</securePort>");
		element(out, "countryId", "1");
		out.append("<dataCenterInfo class=\"").append(EurekaInstance.MY_DATA_CENTER)
			.append("\"><name>MyOwn</name></dataCenterInfo>");
		out.append("<leaseInfo>");
		element(out, "renewalIntervalInSecs", Integer.toString(i.lease().renewalIntervalInSecs()));
		element(out, "durationInSecs", Integer.toString(i.lease().durationInSecs()));
		element(out, "registrationTimestamp", Long.toString(i.lease().registrationTimestamp()));
		element(out, "lastRenewalTimestamp", Long.toString(i.lease().lastRenewalTimestamp()));
		element(out, "evictionTimestamp", "0");
		element(out, "serviceUpTimestamp", Long.toString(i.lease().serviceUpTimestamp()));
		out.append("</leaseInfo><metadata>");
		i.metadata().forEach((key, value) -> {
			// Keys that are not XML names cannot be elements; JSON carries them.
			if (XML_NAME.matcher(key).matches()) {
				element(out, key, value);
			}
		});
		out.append("</metadata>");
		optional(out, "homePageUrl", i.homePageUrl());
		optional(out, "statusPageUrl", i.statusPageUrl());
		optional(out, "healthCheckUrl", i.healthCheckUrl());
		optional(out, "secureHealthCheckUrl", i.secureHealthCheckUrl());
		optional(out, "vipAddress", i.vipAddress());
		optional(out, "secureVipAddress", i.secureVipAddress());
		element(out, "isCoordinatingDiscoveryServer", "false");
		element(out, "lastUpdatedTimestamp", Long.toString(i.lastUpdatedTimestamp()));
		element(out, "lastDirtyTimestamp", Long.toString(i.lastDirtyTimestamp()));
		optional(out, "actionType", i.actionType());
		out.append("</instance>");
	}

	private static void optional(StringBuilder out, String name, @Nullable String value) {
		if (value != null) {
			element(out, name, value);
		}
	}

	private static void element(StringBuilder out, String name, String value) {
		out.append('<').append(name).append('>');
		escape(out, value);
		out.append("</").append(name).append('>');
	}

	private static boolean isXmlChar(char c) {
		return (c >= 0x20 && c < 0xFFFE) || c == '\t' || c == '\n' || c == '\r';
	}

	private static void escape(StringBuilder out, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				// What XML 1.0 does not allow would make the whole document unreadable to every client: a saved
				// state from before the registry refused such characters may still hold them.
				default -> out.append(isXmlChar(c) ? c : '\uFFFD');
			}
		}
	}

	/** Reads the child elements of an {@code <instance>}. */
	private record Fields(Element instance) implements EurekaReader.Source {

		@Override
		public @Nullable String text(String name) {
			Element child = child(this.instance, name);
			return (child != null) ? child.getTextContent() : null;
		}

		@Override
		public EurekaReader.@Nullable Port port(String name) {
			Element child = child(this.instance, name);
			if (child == null) {
				return null;
			}
			String enabled = child.getAttribute("enabled");
			return new EurekaReader.Port(child.getTextContent(), enabled.isEmpty() ? null : enabled);
		}

		@Override
		public @Nullable String lease(String name) {
			Element lease = child(this.instance, "leaseInfo");
			Element child = (lease != null) ? child(lease, name) : null;
			return (child != null) ? child.getTextContent() : null;
		}

		@Override
		public Map<String, String> metadata(List<FieldError> errors) {
			Map<String, String> metadata = new LinkedHashMap<>();
			Element element = child(this.instance, "metadata");
			if (element != null) {
				for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
					if (node instanceof Element entry) {
						metadata.put(entry.getTagName(), entry.getTextContent());
					}
				}
			}
			return metadata;
		}

		private static @Nullable Element child(Element parent, String name) {
			for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
				if (node instanceof Element element && element.getTagName().equals(name)) {
					return element;
				}
			}
			return null;
		}

	}

}
