'use strict';
// The admin's autocompletes show a thumbnail beside a result that has one (a
// photo: newsroom/autocomplete.py adds "thumbnail" to its answer). A static
// file, as the Content-Security-Policy allows no inline script.
{
    const $ = django.jQuery;

    function resultWithThumbnail(result) {
        if (!result.thumbnail) {
            return result.text;  // select2 escapes plain text itself
        }
        const row = document.createElement('span');
        row.className = 'autocomplete-thumbnail-result';
        const image = document.createElement('img');
        image.src = result.thumbnail;
        image.alt = '';  // the text beside it says what the photo is
        image.loading = 'lazy';
        const text = document.createElement('span');
        text.dir = 'auto';  // a caption in another language keeps its own direction
        text.textContent = result.text;
        row.append(image, text);
        return $(row);
    }

    // Defaults, read when autocomplete.js starts each widget once the page is ready.
    $.fn.select2.defaults.set('templateResult', resultWithThumbnail);
}
