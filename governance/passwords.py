"""Password policy: long enough, and not guessable by the lists attackers try first.

Length alone lets "aaaaaaaaaaaa" or "password1234" through. zxcvbn (MIT; Dropbox's estimator, Python
port 4.5) scores a password offline against its bundled lists of common and leaked passwords, English
words, names and keyboard patterns, and against words the attacker knows here (the user's name and
authority, "familynet"); nothing is sent over the network. A score of 3 ("safely unguessable:
moderate protection from an offline slow-hash attack", with argon2 in front) is required.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256  # beyond this a "password" is a denial-of-service on the hash, not a secret
MIN_SCORE = 3  # zxcvbn's 0..4
SCORED_PREFIX = 72  # zxcvbn refuses longer input; the first 72 characters must be strong on their own
CONTEXT_WORDS = ("familynet", "family", "social", "worker", "council", "children")


def problem(password: str, *known: str) -> str | None:
    """Why this password may not be used (a sentence for the person choosing it), or None."""
    if len(password) < MIN_LENGTH:
        return f"the password must be at least {MIN_LENGTH} characters long"
    if len(password) > MAX_LENGTH:
        return f"the password must be at most {MAX_LENGTH} characters long"
    words = [w for w in (*known, *CONTEXT_WORDS) if w]
    result = zxcvbn(password[:SCORED_PREFIX], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    why = feedback.get("warning") or "it follows a pattern that password-guessing tools try early"
    advice = " ".join(feedback.get("suggestions") or []) or "Add another word or two."
    return (
        f"the password is too easy to guess: {why.rstrip('.')}. {advice} "
        "A passphrase of four or more uncommon words is both strong and memorable."
    )
