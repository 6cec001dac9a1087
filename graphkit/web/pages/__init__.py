"""The app's pages, one module per topic, each with its ``routes`` (see :data:`graphkit.web.app.PAGES`)."""
