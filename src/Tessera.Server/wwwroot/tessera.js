// Rows that open on Enter or Space (alert triage): Space must not scroll the page as well. Blazor can only cancel
// every keydown of an element (which would also trap Tab), not one key, so this one listener does it.
document.addEventListener('keydown', e => {
    if ((e.key === ' ' || e.key === 'Spacebar') && e.target instanceof Element && e.target.matches('[data-keyboard-toggle]')) {
        e.preventDefault();
    }
});

// The address of what is open (alert triage: ?alert=ID), so a reload or a copied link shows it again. replaceState
// rather than a Blazor navigation: a navigation to a new query scrolls the page to the top and hands the page its
// parameters again, which would reload the queue on every opened line.
window.tessera = {
    replaceUrl: url => history.replaceState(history.state, '', new URL(url, document.baseURI).href),
};
