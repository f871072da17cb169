"""The track pages, in two modules: the workspace and the people on the track."""
