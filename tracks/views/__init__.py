"""The track pages, by what they act on: the workspace and its areas (`workspace`), what a track
plans (`plan`), people coming in (`people`), following them (`follow`), and the parts of a
person's pages that tracks renders (`person`). `common` holds what all of them do alike."""
