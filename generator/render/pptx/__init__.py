"""PowerPoint decks from a deck description (generator.render.deck)."""
