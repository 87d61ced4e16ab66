"""Plan-site generator: YAML knowledge base of district plans to a static transparency website."""
