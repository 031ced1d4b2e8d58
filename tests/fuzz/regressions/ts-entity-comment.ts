<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS [<!-- ]> -->
<!ENTITY co "Our Company">]>
<TS version="2.1" language="de"><context><name>C</name><message><source>About &co;</source><translation>Über &co;</translation></message></context></TS>
