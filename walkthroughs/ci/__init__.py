"""What release pipelines read: JUnit XML, GitHub annotations, shards of a suite and their merge."""
