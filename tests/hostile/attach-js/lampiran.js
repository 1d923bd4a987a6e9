alert('attach-js');
