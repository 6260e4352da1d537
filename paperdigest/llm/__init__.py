"""The only package that imports litellm (lazily): the call client, its disk cache, cost and budget."""
