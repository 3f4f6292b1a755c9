// jsdom has no layout: the router's scroll restoration calls scrollTo, which jsdom only reports.
window.scrollTo = () => undefined;
Element.prototype.scrollIntoView = () => undefined;
